package dev.iotlocal.emulator;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a running emulator listens. Immutable.
 *
 * @param host           the host name clients should use; the server certificate is valid for it
 * @param mtlsPort       the mutual-TLS MQTT port (AWS IoT's 8883)
 * @param wssPort        the MQTT-over-WebSocket port with SigV4 (AWS IoT's 443)
 * @param awsApiEndpoint the AWS API endpoint (Cognito Identity, Lambda) for the AWS SDKs' {@code endpointOverride}
 * @param awsApiHttpsEndpoint the same over HTTPS (emulator CA), only when enabled
 * @param plainTcpPort   the plain-TCP debugging port, only when enabled
 */
public record Endpoints(String host, int mtlsPort, int wssPort, URI awsApiEndpoint, Optional<URI> awsApiHttpsEndpoint,
                        OptionalInt plainTcpPort) {

    public Endpoints {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(awsApiEndpoint, "awsApiEndpoint");
        Objects.requireNonNull(awsApiHttpsEndpoint, "awsApiHttpsEndpoint");
        Objects.requireNonNull(plainTcpPort, "plainTcpPort");
    }

    /** The URL of the user pool's JSON Web Key Set, where Cognito publishes it. */
    public URI jwksUri(String userPoolId) {
        return awsApiEndpoint.resolve("/" + userPoolId + "/.well-known/jwks.json");
    }
}
