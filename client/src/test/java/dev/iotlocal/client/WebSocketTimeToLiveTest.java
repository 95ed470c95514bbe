package dev.iotlocal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.client.support.Await;
import dev.iotlocal.client.support.CrtResources;
import dev.iotlocal.client.support.Mqtt5Events;
import dev.iotlocal.client.support.RunningEmulator;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;

/**
 * AWS IoT closes WebSocket connections after 24 hours, long after one-hour Cognito credentials expired; here
 * the connection lives four seconds and the credentials two. The MQTT 5 client reconnects by itself and
 * its handshake is signed with refreshed credentials.
 */
@ExtendWith(CrtResources.class)
class WebSocketTimeToLiveTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .cognito(cognito -> cognito.credentialLifetime(Duration.ofSeconds(2)))
            .rules(rules -> rules.webSocketTimeToLive(Duration.ofSeconds(4)))
            .build());

    @Test
    void mqtt5ClientReconnectsWithFreshCredentialsWhenTheServerEndsItsConnection() {
        String clientId = "day-long-server";
        Mqtt5Events events = new Mqtt5Events();
        try (CognitoIotConnector server = CognitoIotConnector.create(running.configFor(clientId).build());
             Mqtt5Client client = server.newMqtt5Client(builder -> {
                 events.register(builder);
                 builder.withMinReconnectDelayMs(500L).withMaxReconnectDelayMs(1_000L);
             })) {
            client.start();

            Awaitility.await().atMost(Await.TIMEOUT).until(() -> events.connections().size() >= 2);
            Await.result(client.subscribe(new SubscribePacket.SubscribePacketBuilder().withSubscription("thing-update/#", QOS.AT_LEAST_ONCE).build()));
            Await.result(client.publish(new PublishPacket.PublishPacketBuilder().withTopic("thing-update/later")
                    .withPayload("again".getBytes(StandardCharsets.UTF_8)).withQOS(QOS.AT_LEAST_ONCE).build()));
            assertThat(new String(events.nextMessage().getPayload(), StandardCharsets.UTF_8)).isEqualTo("again");
            events.stop(client);
        }
        assertThat(events.disconnections()).isNotEmpty();
        assertThat(running.awaitEvents("disconnected", clientId, 1).get(0).disconnectReason()).contains(DisconnectReason.WEBSOCKET_TTL_EXPIRATION);
        List<LifecycleEvent> connections = running.awaitEvents("connected", clientId, 2);
        assertThat(connections.get(1).principalIdentifier()).isNotEqualTo(connections.get(0).principalIdentifier());
    }
}
