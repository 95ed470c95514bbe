package dev.iotlocal.emulator.internal.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Chooses listener ports: a free one for 0, or checks that a fixed one is free, with a clear message if not. */
public final class Ports {

    private Ports() {}

    public static int resolve(InetAddress bindAddress, int requested, String purpose) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(bindAddress, requested), 1);
            return probe.getLocalPort();
        } catch (IOException e) {
            if (requested == 0) {
                throw new UncheckedIOException("No free port for the " + purpose + " on " + bindAddress.getHostAddress(), e);
            }
            throw new PortInUseException("Port " + requested + " for the " + purpose + " on " + bindAddress.getHostAddress()
                    + " is already in use (" + e.getMessage() + ")", e);
        }
    }

    /** A fixed port that another program already holds. */
    public static final class PortInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortInUseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
