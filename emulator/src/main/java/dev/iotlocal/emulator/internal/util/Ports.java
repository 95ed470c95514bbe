package dev.iotlocal.emulator.internal.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses listener ports for listeners that cannot bind port 0 themselves (HiveMQ's): a free one for 0, or
 * checks that a fixed one is free, with a clear message if not.
 */
public final class Ports {

    /**
     * Free ports are taken below Linux's ephemeral range (32768 and up), where the operating system never puts
     * the local end of an outgoing connection: a port chosen here cannot be taken by a client socket before the
     * listener binds it.
     */
    private static final int LOWEST = 20_000;
    private static final int HIGHEST = 32_000;

    private Ports() {}

    public static int resolve(InetAddress bindAddress, int requested, String purpose) {
        if (requested != 0) {
            return bind(bindAddress, requested, purpose);
        }
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
            if (isFree(bindAddress, candidate)) {
                return candidate;
            }
        }
        return bind(bindAddress, 0, purpose);
    }

    private static boolean isFree(InetAddress bindAddress, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(bindAddress, port), 1);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int bind(InetAddress bindAddress, int requested, String purpose) {
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

        private PortInUseException(String message, Throwable cause) {
            super(message, cause);
        }

        public PortInUseException(String message) {
            super(message);
        }
    }
}
