package dev.iotlocal.samples.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.client.CognitoIotConnector;
import dev.iotlocal.client.IotClientConfig;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.testkit.AllowViolations;
import dev.iotlocal.testkit.Device;
import dev.iotlocal.testkit.IotLocalRuntime;
import dev.iotlocal.testkit.IotLocalTest;
import dev.iotlocal.testkit.Recording;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/** The user's own service, tested against a local AWS IoT as its developers would. */
@IotLocalTest
class ThingUpdatesTest {

    private static final String SERVICE_CLIENT_ID = "thing-updates";

    private CognitoIotConnector connector;

    @BeforeEach
    void connectorForTheService(IotLocalRuntime iot) {
        // exactly the configuration the service gets in production, with the test's local AWS IoT in it
        connector = CognitoIotConnector.create(IotClientConfig.builder()
                .endpoint(iot.host())
                .clientId(SERVICE_CLIENT_ID)
                .region(iot.region())
                .identityPoolId(iot.identityPoolId())
                .userPoolId(iot.userPoolId())
                .authFunctionName(iot.authFunctionName())
                .authPayload("{\"username\":\"demo\",\"password\":\"demo-password\"}")
                .awsEndpointOverride(iot.awsEndpoint())
                .port(iot.wssPort())
                .caCertificate(iot.caCertificateFile())
                .build());
    }

    @AfterEach
    void closeConnector() {
        connector.close();
    }

    @Test
    void keepsTheLatestUpdateOfEachThing(@Device("boiler") MqttClientConnection boiler, Recording recording) throws Exception {
        try (ThingUpdates updates = ThingUpdates.start(connector)) {
            publish(boiler, "thing-update/boiler", "{\"temp\":60}");
            publish(boiler, "thing-update/boiler", "{\"temp\":61}");

            recording.published("thing-ack/boiler").byClient(SERVICE_CLIENT_ID).withJsonField("/temp", 61).await();
            assertThat(updates.latest("boiler")).contains("{\"temp\":61}");
        }
    }

    @Test
    @AllowViolations // the point of this test: the test kit catches what AWS IoT would refuse
    void theExactlyOnceAcknowledgementBugIsCaughtLocally(@Device("boiler") MqttClientConnection boiler, Recording recording) throws Exception {
        try (ThingUpdates updates = ThingUpdates.startWithExactlyOnceAcknowledgements(connector)) {
            publish(boiler, "thing-update/boiler", "{\"temp\":60}");

            recording.disconnected(SERVICE_CLIENT_ID).withReason(DisconnectReason.CLIENT_ERROR).await();
            assertThat(recording.violations()).anySatisfy(violation -> {
                assertThat(violation.rule()).isEqualTo(AwsIotRule.QOS_2_NOT_SUPPORTED);
                assertThat(violation.clientId()).isEqualTo(SERVICE_CLIENT_ID);
            });
        }
    }

    @Test
    void survivesAwsIotDroppingItsConnection(@Device("boiler") MqttClientConnection boiler, IotLocalRuntime iot, Recording recording)
            throws Exception {
        try (ThingUpdates updates = ThingUpdates.start(connector)) {
            recording.connected(SERVICE_CLIENT_ID).await();

            iot.faults().disconnect(SERVICE_CLIENT_ID, DisconnectReason.SERVER_INITIATED_DISCONNECT);
            recording.disconnected(SERVICE_CLIENT_ID).withReason(DisconnectReason.SERVER_INITIATED_DISCONNECT).await();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> recording.lifecycleEvents().stream()
                    .filter(event -> event.clientId().equals(SERVICE_CLIENT_ID) && event.eventType().equals("subscribed")).count() == 2);

            publish(boiler, "thing-update/boiler", "{\"temp\":62}");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> updates.latest("boiler").isPresent());
            assertThat(updates.latest("boiler")).contains("{\"temp\":62}");
        }
    }

    private static void publish(MqttClientConnection device, String topic, String payload) {
        device.publish(new MqttMessage(topic, payload.getBytes(StandardCharsets.UTF_8), QualityOfService.AT_LEAST_ONCE, false)).join();
    }
}
