package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.support.RawMqttClient;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keep-alive expiry. AWS IoT's minimum is 30 s, which would make these tests wait 45 s; the minimum is lowered
 * to 2 s here, which exercises the same raise-then-expire logic.
 */
class KeepAliveTest {

    private static final Duration MINIMUM = Duration.ofSeconds(2);

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .rules(AwsIotRules.builder().minimumKeepAlive(MINIMUM).build())
            .build());

    @Test
    void silentClientIsDisconnectedAfterOneAndAHalfTimesTheRaisedKeepAlive() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("sleepy"), false)) {
            client.connect("sleepy", 1);
            long connected = System.nanoTime();

            assertThat(client.awaitClose()).as("MQTT 3.1.1: just closed").isNull();

            Duration silentFor = Duration.ofNanos(System.nanoTime() - connected);
            assertThat(silentFor).as("a keep-alive of 1 s would have expired after 1.5 s; it was raised to 2 s")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(2500));
            assertThat(running.awaitEvent("disconnected", "sleepy").json()).contains("\"disconnectReason\":\"MQTT_KEEP_ALIVE_TIMEOUT\"");
        }
    }

    @Test
    void silentMqtt5ClientGetsDisconnectKeepAliveTimeout() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("sleepy5"), true)) {
            client.connect("sleepy5", 2);

            RawMqttClient.Packet last = client.awaitClose();

            assertThat(last.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(last.disconnectReasonCode()).isEqualTo(0x8D);
        }
    }

    @Test
    void clientThatPingsStaysConnected() throws InterruptedException {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("awake"), false)) {
            client.connect("awake", 2);
            for (int i = 0; i < 4; i++) {
                // a client pings within its keep-alive; here that takes real time by nature
                Thread.sleep(1000);
                assertThat(client.answersPing(Duration.ofSeconds(5))).isTrue();
            }
        }
    }
}
