package dev.iotlocal.emulator.internal.cli;

import dev.iotlocal.emulator.IotEmulator;
import java.nio.file.Path;

/** The few lines the standalone emulator prints once it is ready. */
final class Banner {

    private Banner() {}

    static String render(IotEmulator emulator, ConnectionFile connection, Path connectionFile) {
        StringBuilder banner = new StringBuilder()
                .append("\nIoT Local is running: a local AWS IoT Core (").append(connection.region())
                .append(", account ").append(connection.accountId()).append(")\n")
                .append("  MQTT over mutual TLS   ").append(connection.host()).append(':').append(connection.mtlsPort()).append('\n')
                .append("  MQTT over WSS (SigV4)  wss://").append(connection.host()).append(':').append(connection.wssPort()).append("/mqtt\n")
                .append("  AWS API (Cognito, Lambda, AWS IoT control plane) ").append(connection.awsEndpoint()).append('\n')
                .append("  for the AWS SDKs and CLI export AWS_ENDPOINT_URL=").append(connection.awsEndpoint()).append('\n')
                .append("  IotClient / aws iot    endpointOverride ").append(connection.iotEndpoint())
                .append(", signed with the account's key:\n")
                .append("                         export AWS_ACCESS_KEY_ID=").append(connection.accessKeyId())
                .append(" AWS_SECRET_ACCESS_KEY=").append(connection.secretAccessKey())
                .append(" AWS_REGION=").append(connection.region())
                .append(" AWS_DEFAULT_REGION=").append(connection.region()).append('\n')
                .append("  identity pool          ").append(connection.identityPoolId()).append('\n')
                .append("  user pool              ").append(connection.userPoolId()).append(" (app client ").append(connection.appClientId()).append(")\n")
                .append("  auth function          ").append(connection.authFunctionName()).append(" (user ")
                .append(connection.demoUser().username()).append(" / ").append(connection.demoUser().password()).append(")\n");
        emulator.endpoints().plainTcpPort().ifPresent(port -> banner
                .append("  plain MQTT (debug!)    ").append(connection.host()).append(':').append(port).append('\n'));
        banner.append("  CA certificate         ").append(connection.caCertificate()).append('\n');
        for (ConnectionFile.Device device : connection.devices()) {
            banner.append("  thing ").append(device.thingName()).append('\n')
                    .append("    certificate          ").append(device.certificate()).append('\n')
                    .append("    private key          ").append(device.privateKey()).append('\n');
        }
        banner.append("  connection file        ").append(connectionFile).append('\n')
                .append("Press Ctrl+C to stop.");
        return banner.toString();
    }
}
