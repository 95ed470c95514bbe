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
 * @param wssPort        the MQTT-over-WebSocket port with SigV4 (AWS IoT's 443), which also serves the HTTPS data plane
 *                       ({@link #dataEndpoint()})
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

    /**
     * AWS IoT's HTTPS data plane ({@code IotDataPlaneClient} with {@code endpointOverride}, {@code aws iot-data
     * --endpoint-url}): the device shadows, HTTPS publish and retained messages, on the WSS port as AWS IoT serves
     * them on 443 of the same host. TLS with the emulator CA; SigV4 signed for {@code iotdata} or
     * {@code iotdevicegateway}.
     */
    public URI dataEndpoint() {
        return URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + wssPort);
    }

    /** The URL of the user pool's JSON Web Key Set, where Cognito publishes it. */
    public URI jwksUri(String userPoolId) {
        return awsApiEndpoint.resolve("/" + userPoolId + "/.well-known/jwks.json");
    }
}
