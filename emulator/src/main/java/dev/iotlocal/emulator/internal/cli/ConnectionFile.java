package dev.iotlocal.emulator.internal.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.iotlocal.emulator.internal.pki.SecureFiles;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JSON connection file the standalone emulator writes: every endpoint and the paths of the CA and device
 * files, for scripts and programs in any language. Fields are only ever added; {@code version} changes when
 * one changes meaning.
 *
 * @param version       the file format's version, 1
 * @param region        the AWS region the emulator plays
 * @param accountId     the AWS account id it plays
 * @param host          the host name to connect to
 * @param mtlsPort      the mutual-TLS MQTT port
 * @param caCertificate the CA certificate to trust (absolute path)
 * @param devices       the provisioned things
 * @param awsEndpoint   the AWS API endpoint URL (Cognito Identity, Lambda) for the SDKs' {@code endpointOverride}
 * @param wssPort       the MQTT-over-WebSocket port (SigV4)
 * @param identityPoolId   the Cognito identity pool id
 * @param userPoolId       the Cognito user pool id
 * @param appClientId      the user pool's app client id
 * @param authFunctionName the auth Lambda's function name
 * @param demoUser         a user the auth Lambda logs in
 * @param iotEndpoint      AWS IoT's control plane for {@code IotClient} and {@code aws iot} ({@code endpointOverride} /
 *                         {@code --endpoint-url}); the same URL as {@code awsEndpoint}
 * @param accessKeyId      the account administrator's access key id, which control-plane requests are signed with
 * @param secretAccessKey  its secret
 * @param defaultPolicyName     the default policy's name, which the devices and the configured users' identities have
 *                              attached, or null when there is none ({@code --no-default-policy})
 * @param defaultPolicyDocument its document (JSON text), or null when there is none
 * @param dataEndpoint     AWS IoT's HTTPS data plane (shadows, publish, retained messages) for {@code IotDataPlaneClient}
 *                         and {@code aws iot-data} ({@code endpointOverride} / {@code --endpoint-url}): the WSS port over
 *                         HTTPS, trusting {@code caCertificate}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConnectionFile(int version, String region, String accountId, String host, int mtlsPort, String caCertificate,
                             List<Device> devices, String awsEndpoint, int wssPort, String identityPoolId, String userPoolId,
                             String appClientId, String authFunctionName, DemoUser demoUser, String iotEndpoint,
                             String accessKeyId, String secretAccessKey,
                             @JsonInclude(JsonInclude.Include.ALWAYS) String defaultPolicyName,
                             @JsonInclude(JsonInclude.Include.ALWAYS) String defaultPolicyDocument, String dataEndpoint) {

    public static final int VERSION = 1;

    /**
     * One provisioned thing.
     *
     * @param thingName     the thing's name; use it as the MQTT client id
     * @param certificateId the AWS-style certificate id
     * @param certificate   the certificate PEM file (absolute path)
     * @param privateKey    the private key PEM file (absolute path)
     */
    public record Device(String thingName, String certificateId, String certificate, String privateKey) {}

    /** A user of the user pool, for trying the login flow. */
    public record DemoUser(String username, String password) {}

    public Path writeTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            // owner-only: it holds the account's secret key
            SecureFiles.writeOwnerOnly(file, Json.PRETTY.writeValueAsBytes(this));
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the connection file " + file, e);
        }
    }

    public static ConnectionFile read(Path file) throws IOException {
        return Json.MAPPER.readValue(file.toFile(), ConnectionFile.class);
    }
}
