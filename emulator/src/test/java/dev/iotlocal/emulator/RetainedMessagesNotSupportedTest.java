package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.RawMqttClient;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/** The default profile: AWS IoT before September 2021, which closed connections that asked to retain. */
@ExtendWith(CrtResources.class)
class RetainedMessagesNotSupportedTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    @Test
    void retainedPublishClosesAnMqtt311Connection() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("retainer"), "retainer")) {
            device.connect();

            device.publishAsync("thing-update/retainer", "keep me", QualityOfService.AT_LEAST_ONCE, true);

            Await.result(device.firstInterruption());
            RuleViolation violation = running.awaitViolation(v -> v.rule() == AwsIotRule.RETAIN_NOT_SUPPORTED);
            assertThat(violation.clientId()).isEqualTo("retainer");
            assertThat(running.awaitEvent("disconnected", "retainer").json()).contains("\"disconnectReason\":\"CLIENT_ERROR\"");
        }
    }

    @Test
    void retainedPublishGetsDisconnectRetainNotSupportedOverMqtt5() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw5-retain"), true)) {
            client.connect("raw5-retain", 60);

            client.publish("thing-update/raw", "x".getBytes(StandardCharsets.UTF_8), 1, true);

            RawMqttClient.Packet last = client.awaitClose();
            assertThat(last.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(last.disconnectReasonCode()).isEqualTo(0x9A);
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.RETAIN_NOT_SUPPORTED).clientId()).isEqualTo("raw5-retain");
        }
    }

    @Test
    void retainedWillIsRefusedAtConnect() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw-rwill"), false)) {
            assertThat(client.connect("raw-rwill", 60, "status/raw-rwill", 1, true)).as("no CONNACK over 3.1.1").isNull();
        }
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw5-rwill"), true)) {
            assertThat(client.connect("raw5-rwill", 60, "status/raw5-rwill", 1, true).connackCode()).isEqualTo(0x9A);
        }
        assertThat(running.violations()).extracting(RuleViolation::rule)
                .containsExactly(AwsIotRule.RETAIN_NOT_SUPPORTED, AwsIotRule.RETAIN_NOT_SUPPORTED);
    }
}
