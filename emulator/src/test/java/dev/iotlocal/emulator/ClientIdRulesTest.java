package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RawMqttClient;
import dev.iotlocal.emulator.support.RunningEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.DisconnectPacket;

@ExtendWith(CrtResources.class)
class ClientIdRulesTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    @Test
    void secondConnectionWithTheSameClientIdTakesOverAndTheFirstGetsSessionTakenOver() {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("twin");
        try (Mqtt5Device first = Mqtt5Device.of(emulator, certificate, "twin");
             Mqtt5Device second = Mqtt5Device.of(emulator, certificate, "twin")) {
            first.connect();
            running.awaitEvent("connected", "twin");

            second.connect();

            OnDisconnectionReturn disconnection = Await.result(first.firstDisconnection());
            assertThat(disconnection.getDisconnectPacket().getReasonCode())
                    .isEqualTo(DisconnectPacket.DisconnectReasonCode.SESSION_TAKEN_OVER);
            LifecycleEvent dropped = running.awaitEvent("disconnected", "twin");
            assertThat(dropped.json()).contains("\"disconnectReason\":\"DUPLICATE_CLIENTID\"", "\"versionNumber\":0",
                    "\"clientInitiatedDisconnect\":false");
        }
    }

    @Test
    void mqtt311ConnectionIsDroppedWhenTheSameClientIdConnectsAgain() {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("twin311");
        try (Mqtt311Device first = Mqtt311Device.of(emulator, certificate, "twin311");
             Mqtt311Device second = Mqtt311Device.of(emulator, certificate, "twin311")) {
            first.connect();

            second.connect();

            Await.result(first.firstInterruption());
            assertThat(running.awaitEvent("disconnected", "twin311").json()).contains("DUPLICATE_CLIENTID");
        }
    }

    @Test
    void clientIdOf128BytesIsAcceptedAnd129IsRefused() {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("long-ids");
        try (Mqtt5Device accepted = Mqtt5Device.of(emulator, certificate, "a".repeat(128))) {
            assertThat(accepted.connect().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);
        }
        try (Mqtt5Device refused = Mqtt5Device.of(emulator, certificate, "b".repeat(129))) {
            assertThatThrownBy(refused::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refusal ->
                    assertThat(refusal.connAck().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.CLIENT_IDENTIFIER_NOT_VALID));
        }
        assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.CLIENT_ID_INVALID).detail()).contains("129 bytes");
    }

    @Test
    void clientIdCountsUtf8Bytes() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("utf8-id"), true)) {
            // 65 two-byte characters: 65 characters but 130 bytes
            assertThat(client.connect("é".repeat(65), 60).connackCode()).isEqualTo(0x85);
        }
    }

    @Test
    void clientIdStartingWithDollarIsRefusedWithoutConnackOverMqtt311() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("dollar"), false)) {
            assertThat(client.connect("$GEN/mine", 60)).isNull();
        }
        assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.CLIENT_ID_INVALID).detail()).contains("'$GEN/mine'");
    }

    @Test
    void emptyClientIdIsAssignedOneByTheServerOverMqtt5() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("anonymous-id"), true)) {
            RawMqttClient.Packet connAck = client.connect("", 60);
            assertThat(connAck.connackCode()).isZero();
            assertThat(client.answersPing(java.time.Duration.ofSeconds(5))).isTrue();
        }
    }
}
