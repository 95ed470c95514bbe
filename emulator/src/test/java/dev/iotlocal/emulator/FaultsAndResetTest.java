package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.JournalEntry;
import dev.iotlocal.emulator.journal.MessagePublished;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.io.ExponentialBackoffRetryOptions;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.DisconnectPacket;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.InternalErrorException;
import software.amazon.awssdk.services.cognitoidentity.model.TooManyRequestsException;

/** Injected faults, message recording and the reset between tests. */
@ExtendWith(CrtResources.class)
class FaultsAndResetTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .journal(journal -> journal.recordMessages(true))
            .rules(AwsIotRules.builder().retainedMessages(RetainedMessages.AWS).build())
            .build());

    @AfterEach
    void clearFaults() {
        running.get().faults().clear();
    }

    @Test
    void forcedDisconnectReachesTheClientWithItsReason() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("victim"), "victim")) {
            device.connect();

            assertThat(emulator.faults().disconnect("victim", DisconnectReason.API_INITIATED_DISCONNECT)).isTrue();

            assertThat(Await.result(device.firstDisconnection()).getDisconnectPacket().getReasonCode())
                    .isEqualTo(DisconnectPacket.DisconnectReasonCode.ADMINISTRATIVE_ACTION);
            assertThat(running.awaitEvent("disconnected", "victim").disconnectReason()).contains(DisconnectReason.API_INITIATED_DISCONNECT);
        }
        assertThat(emulator.faults().disconnect("nobody", DisconnectReason.API_INITIATED_DISCONNECT)).isFalse();
    }

    @Test
    void withheldConnackMakesTheConnectTimeOutOnce() {
        IotEmulator emulator = running.get();
        emulator.faults().withholdConnack(1);
        DeviceCertificate certificate = emulator.certificates().issue("patient");
        try (Mqtt5Device device = Mqtt5Device.of(emulator, certificate, "patient", builder -> builder
                .withConnackTimeoutMs(1000L).withMinReconnectDelayMs(200L).withMaxReconnectDelayMs(400L))) {
            device.start();
            assertThatThrownBy(() -> Await.result(device.firstConnection())).isInstanceOf(Mqtt5Device.ConnectionRefused.class);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !device.connections().isEmpty());
        }
        assertThat(running.awaitEvent("connected", "patient").clientId()).as("the journal names the client as it connected").isEqualTo("patient");
        assertThat(emulator.journal().entries()).allSatisfy(entry -> assertThat(entry.clientId()).doesNotStartWith("iot-local-withheld-"));
    }

    @Test
    void delayedPubacksArriveLateAndDroppedOnesOnlyAfterTheFaultIsCleared() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("acker"), "acker")) {
            device.connect();

            emulator.faults().delayPubacks(Duration.ofMillis(1500));
            long sent = System.nanoTime();
            device.publish("acks/delayed", "1", QualityOfService.AT_LEAST_ONCE);
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));

            emulator.faults().dropPubacks();
            CompletableFuture<Integer> held = device.publishAsync("acks/dropped", "2", QualityOfService.AT_LEAST_ONCE, false);
            assertThat(held).as("PUBACK withheld").isNotDone();
            org.awaitility.Awaitility.await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> !held.isDone());

            emulator.faults().clear();
            assertThat(Await.result(held)).isNotNull();
        }
    }

    @Test
    void cognitoFaultsSurfaceAsTheSdksTypedExceptions() {
        IotEmulator emulator = running.get();
        try (CognitoIdentityClient cognito = SeedFlow.cognito(emulator)) {
            emulator.faults().failCognito(EmulatorFaults.ServiceFault.THROTTLING);
            assertThatThrownBy(() -> cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())))
                    .isInstanceOf(TooManyRequestsException.class);

            emulator.faults().clear();
            emulator.faults().failCognito(EmulatorFaults.ServiceFault.SERVER_ERROR);
            assertThatThrownBy(() -> cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())))
                    .isInstanceOf(InternalErrorException.class);

            emulator.faults().clear();
            assertThat(cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())).identityId()).isNotBlank();
        }
    }

    @Test
    void authFunctionThrottlingIsTheLambdaSdksTooManyRequests() {
        IotEmulator emulator = running.get();
        var unauthenticated = SeedFlow.unauthenticated(emulator);
        emulator.faults().failAuthFunction(EmulatorFaults.ServiceFault.THROTTLING);
        assertThatThrownBy(() -> SeedFlow.login(emulator, unauthenticated, "{\"username\":\"demo\",\"password\":\"demo-password\"}"))
                .isInstanceOf(software.amazon.awssdk.services.lambda.model.TooManyRequestsException.class);
    }

    @Test
    void publishesAndDeliveriesAreRecordedInOrder() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("recorded"), "recorded")) {
            device.connect();
            device.subscribe("record/me", QOS.AT_LEAST_ONCE);
            device.publish("record/me", "hello", QOS.AT_LEAST_ONCE);
            device.nextMessage();

            MessagePublished published = emulator.journal().published().get(0);
            assertThat(published.clientId()).isEqualTo("recorded");
            assertThat(published.topic()).isEqualTo("record/me");
            assertThat(published.payloadAsString()).isEqualTo("hello");
            assertThat(published.qos()).isEqualTo(1);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> emulator.journal().delivered().stream()
                    .anyMatch(delivery -> delivery.clientId().equals("recorded") && delivery.topic().equals("record/me")));
            List<JournalEntry> entries = emulator.journal().entries();
            int delivered = entries.indexOf(emulator.journal().delivered().get(0));
            assertThat(entries.indexOf(published)).as("the publish is recorded before its delivery").isLessThan(delivered);
        }
    }

    @Test
    void resetDisconnectsEveryoneAndForgetsSessionsRetainedMessagesShadowsAndTheJournal() {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("persistent");
        // no reconnect before close(): one after reset() would bring the session and journal entries back
        try (Mqtt5Device device = Mqtt5Device.of(emulator, certificate, "persistent", builder -> builder
                .withSessionBehavior(Mqtt5ClientOptions.ClientSessionBehavior.REJOIN_POST_SUCCESS)
                .withSessionExpiryIntervalSeconds(3600L)
                .withRetryJitterMode(ExponentialBackoffRetryOptions.JitterMode.None)
                .withMinReconnectDelayMs(60_000L).withMaxReconnectDelayMs(60_000L))) {
            device.connect();
            device.subscribe("kept/topic", QOS.AT_LEAST_ONCE);
            Await.result(device.publishAsync("kept/retained", "stored", QOS.AT_LEAST_ONCE, true));
            emulator.shadows().update("persistent", "{\"state\":{\"reported\":{\"up\":true}}}");
            emulator.shadows().update("persistent", "config", "{\"state\":{\"desired\":{\"mode\":1}}}");

            emulator.reset();

            Await.result(device.firstDisconnection());
            assertThat(emulator.journal().entries()).isEmpty();
            assertThat(emulator.shadows().get("persistent")).as("shadows are gone").isEmpty();
            assertThat(emulator.shadows().namedShadows("persistent")).isEmpty();
            assertThat(emulator.shadows().update("persistent", "{\"state\":{\"reported\":{\"up\":true}}}"))
                    .as("versions start again").contains("\"version\":1");
        }
        try (Mqtt5Device again = Mqtt5Device.of(emulator, certificate, "persistent", builder -> builder
                .withSessionBehavior(Mqtt5ClientOptions.ClientSessionBehavior.REJOIN_ALWAYS).withSessionExpiryIntervalSeconds(3600L))) {
            ConnAckPacket connAck = again.connect();
            assertThat(connAck.getSessionPresent()).as("the session is gone").isFalse();
            again.subscribe("kept/retained", QOS.AT_LEAST_ONCE);
            again.publish("kept/retained", "live", QOS.AT_LEAST_ONCE);
            assertThat(again.nextMessage().getRetain()).as("no retained message survived").isFalse();
        }
    }
}
