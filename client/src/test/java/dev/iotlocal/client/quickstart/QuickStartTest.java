package dev.iotlocal.client.quickstart;

// tag::quick-start-imports[]
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.iotlocal.client.CognitoIotConnector;
import dev.iotlocal.client.IotClientConfig;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
// end::quick-start-imports[]

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.client.support.CrtResources;
import dev.iotlocal.client.support.Mqtt311Events;
import dev.iotlocal.client.support.RunningEmulator;
import dev.iotlocal.emulator.IotEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;

/**
 * The README's quick start, compiled and run against the emulator: the seed's five steps in a few lines. In a
 * package of its own, so that it imports what a user's code imports.
 */
@ExtendWith(CrtResources.class)
class QuickStartTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    @TempDir
    Path directory;

    @Test
    void seedFlowInAFewLines() throws Exception {
        Path applicationProperties = seedPropertiesForTheEmulator();
        MqttClientConnectionEvents events = new Mqtt311Events();

        // tag::quick-start[]
        IotClientConfig config = IotClientConfig.load(applicationProperties);
        try (CognitoIotConnector connector = CognitoIotConnector.create(config);
             MqttClientConnection connection = connector.newMqtt311Connection(events)) {
            connector.connect(connection).get();
            connection.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE,
                    message -> System.out.println(message.getTopic() + ": " + new String(message.getPayload(), UTF_8))).get();
        }
        // end::quick-start[]

        assertThat(running.awaitEvents("subscribed", "seed-server", 1).get(0).topics()).containsExactly("thing-update/#");
    }

    /** The seed's application.properties plus the overrides that point it at IoT Local. */
    private Path seedPropertiesForTheEmulator() throws Exception {
        IotEmulator emulator = running.get();
        return Files.writeString(directory.resolve("application.properties"), String.join("\n",
                "aws-iot.client.endpoint=" + emulator.endpoints().host(),
                "aws-iot.client.id=seed-server",
                "aws-iot.region=" + emulator.config().region(),
                "aws-iot.cognito.identity-pool-id=" + emulator.config().identityPoolId(),
                "aws-iot.cognito.user-pool-id=" + emulator.config().userPoolId(),
                "aws-iot.auth.function-name=" + emulator.config().cognito().authFunctionName(),
                "aws-iot.auth.payload=" + RunningEmulator.loginPayload("demo", "demo-password"),
                "aws-iot.override.aws-endpoint=" + emulator.endpoints().awsApiEndpoint(),
                "aws-iot.override.port=" + emulator.endpoints().wssPort(),
                "aws-iot.override.ca-certificate=" + running.caFile().toString().replace('\\', '/')), UTF_8);
    }
}
