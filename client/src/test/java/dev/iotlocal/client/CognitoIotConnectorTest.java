package dev.iotlocal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.client.support.Await;
import dev.iotlocal.client.support.CrtResources;
import dev.iotlocal.client.support.Mqtt311Events;
import dev.iotlocal.client.support.Mqtt5Events;
import dev.iotlocal.client.support.RunningEmulator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;

/** The whole seed flow through the library: Cognito, the auth Lambda, Cognito, MQTT over WSS with SigV4. */
@ExtendWith(CrtResources.class)
class CognitoIotConnectorTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    @Test
    void mqtt311ConnectionLogsInConnectsAndRoundTripsAMessage() {
        BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("seed-server").build());
             MqttClientConnection connection = connector.newMqtt311Connection(new Mqtt311Events())) {
            Await.result(connector.connect(connection));
            Await.result(connection.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE, received::add));

            Await.result(connection.publish(new MqttMessage("thing-update/boiler", "{\"temp\":60}".getBytes(StandardCharsets.UTF_8),
                    QualityOfService.AT_LEAST_ONCE, false)));

            MqttMessage message = Await.poll(received);
            assertThat(message.getTopic()).isEqualTo("thing-update/boiler");
            assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"temp\":60}");
            Await.result(connection.disconnect());
            assertConnectedAsTheCognitoIdentity(connector, "seed-server");
        }
    }

    @Test
    void mqtt5ClientLogsInConnectsAndRoundTripsAMessage() {
        Mqtt5Events events = new Mqtt5Events();
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("seed-server-5").build());
             Mqtt5Client client = connector.newMqtt5Client(events::register)) {
            client.start();
            Await.result(events.firstConnection());
            Await.result(client.subscribe(new SubscribePacket.SubscribePacketBuilder().withSubscription("thing-update/#", QOS.AT_LEAST_ONCE).build()));

            Await.result(client.publish(new PublishPacket.PublishPacketBuilder().withTopic("thing-update/pump")
                    .withPayload("{\"rpm\":900}".getBytes(StandardCharsets.UTF_8)).withQOS(QOS.AT_LEAST_ONCE).build()));

            PublishPacket message = events.nextMessage();
            assertThat(message.getTopic()).isEqualTo("thing-update/pump");
            assertThat(new String(message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"rpm\":900}");
            events.stop(client);
            assertConnectedAsTheCognitoIdentity(connector, "seed-server-5");
        }
    }

    /**
     * The connection's lifecycle event names AWS IoT's principal for Cognito credentials,
     * {@code <account>/<access key>:<identity id>}, with the access key the connector signed with.
     */
    private static void assertConnectedAsTheCognitoIdentity(CognitoIotConnector connector, String clientId) {
        String accessKeyId = connector.credentials().resolveCredentials().accessKeyId();
        String region = running.get().config().region();
        assertThat(running.awaitEvents("connected", clientId, 1).get(0).principalIdentifier())
                .matches(Pattern.quote(running.get().config().accountId() + "/" + accessKeyId + ":" + region + ":")
                        + "\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}");
    }
}
