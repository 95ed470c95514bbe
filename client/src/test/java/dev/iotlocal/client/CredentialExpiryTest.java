package dev.iotlocal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.client.support.Await;
import dev.iotlocal.client.support.CrtResources;
import dev.iotlocal.client.support.Mqtt311Events;
import dev.iotlocal.client.support.RunningEmulator;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/**
 * Credentials that live three seconds: they are refreshed, and a connection outlives them because every
 * reconnect signs its handshake with current credentials (the emulator refuses expired ones with 403).
 */
@ExtendWith(CrtResources.class)
class CredentialExpiryTest {

    private static final Duration LIFETIME = Duration.ofSeconds(3);

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .cognito(cognito -> cognito
                    .credentialLifetime(LIFETIME)
                    .addUser("alice", "alice-password"))
            .build());

    @Test
    void shortLivedCredentialsAreReplacedOnceTheyRunOut() {
        try (CognitoCredentials credentials = CognitoCredentials.create(running.configFor("unused").build())) {
            AwsSessionCredentials first = credentials.resolveCredentials();
            assertThat(first.expirationTime()).hasValueSatisfying(expiration ->
                    assertThat(expiration).isBefore(Instant.now().plus(LIFETIME).plusSeconds(1)));

            AwsSessionCredentials next = Awaitility.await().atMost(LIFETIME.multipliedBy(3))
                    .until(credentials::resolveCredentials, current -> !current.accessKeyId().equals(first.accessKeyId()));

            assertThat(next.expirationTime().orElseThrow()).isAfter(first.expirationTime().orElseThrow());
        }
    }

    @Test
    void mqtt311ConnectionOutlivesItsCredentialsByReconnectingWithFreshOnes() {
        String clientId = "long-lived-server";
        Mqtt311Events events = new Mqtt311Events();
        BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        try (CognitoIotConnector server = CognitoIotConnector.create(running.configFor(clientId).build());
             MqttClientConnection connection = server.newMqtt311Connection(builder -> builder
                     .withConnectionEventCallbacks(events)
                     .withReconnectTimeoutSecs(1, 2))) {
            Await.result(server.connect(connection));
            LifecycleEvent firstConnection = running.awaitEvents("connected", clientId, 1).get(0);
            // the credentials were issued before the connection, so they have run out by then
            Instant firstCredentialsExpired = firstConnection.time().plus(LIFETIME);
            Awaitility.await().atMost(LIFETIME.multipliedBy(2)).until(() -> Instant.now().isAfter(firstCredentialsExpired));

            takeOverAndLeave(clientId);

            Awaitility.await().atMost(Await.TIMEOUT).until(() -> !events.resumptions().isEmpty());
            Await.result(connection.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE, received::add));
            Await.result(connection.publish(new MqttMessage("thing-update/after", "still here".getBytes(StandardCharsets.UTF_8),
                    QualityOfService.AT_LEAST_ONCE, false)));
            assertThat(new String(Await.poll(received).getPayload(), StandardCharsets.UTF_8)).isEqualTo("still here");
            assertThat(events.interruptions()).isNotEmpty();

            List<LifecycleEvent> connections = running.awaitEvents("connected", clientId, 3);
            String resumedWith = accessKeyOf(connections.get(connections.size() - 1));
            assertThat(resumedWith).isNotEqualTo(accessKeyOf(firstConnection))
                    .isNotEqualTo(accessKeyOf(connections.get(1)));
            Await.result(connection.disconnect());
        }
    }

    /** Another identity connects with the same client id, which makes the broker drop the first connection, then leaves. */
    private static void takeOverAndLeave(String clientId) {
        Mqtt311Events intruderEvents = new Mqtt311Events();
        try (CognitoIotConnector intruder = CognitoIotConnector.create(running.configFor(clientId, "alice", "alice-password").build());
             MqttClientConnection takeover = intruder.newMqtt311Connection(intruderEvents)) {
            Await.result(intruder.connect(takeover));
            running.awaitEvents("connected", clientId, 2);
            Await.result(takeover.disconnect());
        }
    }

    /** {@code <account>/<access key id>:<identity id>} */
    private static String accessKeyOf(LifecycleEvent connected) {
        String principal = connected.principalIdentifier();
        return principal.substring(principal.indexOf('/') + 1, principal.indexOf(':'));
    }
}
