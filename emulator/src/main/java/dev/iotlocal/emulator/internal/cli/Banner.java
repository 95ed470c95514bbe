package dev.iotlocal.emulator.internal.cli;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.internal.policy.PolicyDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The few lines the standalone emulator prints once it is ready. */
final class Banner {

    /** Statements shown in full; the connection file has the whole document. */
    private static final int STATEMENTS_SHOWN = 3;
    /** Actions shown of one statement. */
    private static final int ACTIONS_SHOWN = 5;

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
                .append("  IotDataPlaneClient / aws iot-data (shadows, HTTPS publish) endpointOverride ").append(connection.dataEndpoint())
                .append(" (trust the CA certificate)\n")
                .append("  identity pool          ").append(connection.identityPoolId()).append('\n')
                .append("  user pool              ").append(connection.userPoolId()).append(" (app client ").append(connection.appClientId()).append(")\n")
                .append("  auth function          ").append(connection.authFunctionName()).append(" (user ")
                .append(connection.demoUser().username()).append(" / ").append(connection.demoUser().password()).append(")\n");
        emulator.endpoints().plainTcpPort().ifPresent(port -> banner
                .append("  plain MQTT (debug!)    ").append(connection.host()).append(':').append(port).append('\n'));
        policies(banner, emulator, connection);
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

    /** The default policy, which a user must know of to understand why the quick start's devices may do what they do. */
    private static void policies(StringBuilder banner, IotEmulator emulator, ConnectionFile connection) {
        if (!emulator.config().rules().policyEvaluation()) {
            banner.append("  policies               switched off (--disable-rule policies): no policy denies anything\n");
        }
        if (connection.defaultPolicyName() == null) {
            banner.append("  default policy         none (--no-default-policy): attach a policy to each certificate and identity "
                    + "with AttachPolicy\n");
            return;
        }
        banner.append("  default policy         ").append(connection.defaultPolicyName())
                .append(" (attached to the --thing certificates and the users' Cognito identities):\n");
        List<PolicyDocument.Statement> statements = PolicyDocument.parse(connection.defaultPolicyDocument()).statements();
        for (PolicyDocument.Statement statement : statements.subList(0, Math.min(STATEMENTS_SHOWN, statements.size()))) {
            banner.append("                         ").append(summary(statement)).append('\n');
        }
        if (statements.size() > STATEMENTS_SHOWN) {
            banner.append("                         and ").append(statements.size() - STATEMENTS_SHOWN)
                    .append(" more statements (defaultPolicyDocument in the connection file)\n");
        }
    }

    /** {@code Allow iot:Connect, iot:Publish and 3 more on *}, resources without their ARN prefix. */
    static String summary(PolicyDocument.Statement statement) {
        StringBuilder line = new StringBuilder(statement.effect().text()).append(' ');
        if (statement.actions().isEmpty()) {
            line.append("every action but ").append(shortened(statement.notActions(), ACTIONS_SHOWN));
        } else {
            line.append(shortened(statement.actions(), ACTIONS_SHOWN));
        }
        line.append(" on ");
        List<String> resources = new ArrayList<>();
        (statement.resources().isEmpty() ? statement.notResources() : statement.resources())
                .forEach(resource -> resources.add(resource.replaceFirst("^arn:[^:]*:iot:[^:]*:[^:]*:", "")));
        if (statement.resources().isEmpty()) {
            line.append("everything but ");
        }
        line.append(shortened(resources, 2));
        if (!statement.conditions().isEmpty()) {
            line.append(" with conditions on ").append(String.join(", ", statement.conditions().values().stream()
                    .flatMap(keys -> keys.keySet().stream()).distinct().toList()));
        }
        return line.toString();
    }

    private static String shortened(List<String> items, int shown) {
        return items.size() <= shown ? String.join(", ", items)
                : String.join(", ", items.subList(0, shown)) + " and " + (items.size() - shown) + " more";
    }
}
