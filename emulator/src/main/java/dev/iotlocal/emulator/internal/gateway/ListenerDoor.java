package dev.iotlocal.emulator.internal.gateway;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * How a connection that reached one of the broker's listeners is admitted: the door behind that listener decides
 * from what the client cannot forge (the certificate its TLS handshake verified, or the one-time ticket the WSS door
 * put into its CONNECT). Implementations are thread-safe.
 */
public interface ListenerDoor {

    /**
     * What the broker saw of a new connection.
     *
     * @param sourceAddress     the peer's IP address
     * @param clientCertificate the certificate the TLS handshake verified, on a TLS listener
     * @param password          the CONNECT's password, where the WSS door's ticket travels
     * @param clientId          the CONNECT's client id, which tells the mutual-TLS door the certificate's thing
     */
    record Arrival(String sourceAddress, Optional<X509Certificate> clientCertificate, Optional<byte[]> password, String clientId) {}

    Admission admit(Arrival arrival);
}
