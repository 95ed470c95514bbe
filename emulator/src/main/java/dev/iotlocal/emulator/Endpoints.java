package dev.iotlocal.emulator;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where a running emulator listens. Immutable.
 *
 * @param host         the host name clients should use; the server certificate is valid for it
 * @param mtlsPort     the mutual-TLS MQTT port (AWS IoT's 8883)
 * @param plainTcpPort the plain-TCP debugging port, only when enabled
 */
public record Endpoints(String host, int mtlsPort, OptionalInt plainTcpPort) {

    public Endpoints {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(plainTcpPort, "plainTcpPort");
    }
}
