package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RunningEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.DisconnectPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;

@ExtendWith(CrtResources.class)
class ReservedTopicsTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    @ParameterizedTest
    @ValueSource(strings = {
            "$aws/events/presence/connected/+",
            "$aws/events/#",
            "$aws/things/lamp/shadow/update/accepted",
            "$aws/things/+/shadow/name/settings/update/delta",
            "$aws/things/lamp/jobs/notify-next",
            "$aws/things/lamp/shadow/#"})
    void subscribingWhereAwsIotAllowsIsGranted(String filter) {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("reserved-sub"), "reserved-sub")) {
            device.connect();
            assertThat(device.subscribe(filter, QOS.AT_LEAST_ONCE).getReasonCodes())
                    .containsExactly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
            assertThat(running.violations()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "$aws/things/lamp/shadow/update",
            "$aws/things/lamp/shadow/name/settings/get",
            "$aws/things/lamp/jobs/start-next",
            "$aws/rules/store_telemetry",
            "$aws/rules/store_telemetry/lamp/temperature"})
    void publishingWhereAwsIotAllowsIsAcknowledged(String topic) {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("reserved-pub"), "reserved-pub")) {
            device.connect();
            device.publish(topic, "{}", QOS.AT_LEAST_ONCE);
            assertThat(running.violations()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"$aws/events/presence/connected/lamp", "$aws/things/lamp/shadow/update/accepted", "$SYS/broker", "$custom"})
    void publishingToAReservedTopicAwsIotForbidsClosesTheConnection(String topic) {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("reserved-bad-pub"), "reserved-bad-pub")) {
            device.connect();

            device.publishAsync(topic, "{}", QualityOfService.AT_LEAST_ONCE, false);

            Await.result(device.firstInterruption());
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.RESERVED_TOPIC).detail()).contains(topic);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"$aws/rules/store_telemetry", "$SYS/#", "$aws/things/lamp/shadow/other"})
    void subscribingToAReservedTopicAwsIotForbidsGetsDisconnectNotAuthorized(String filter) {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("reserved-bad-sub"), "reserved-bad-sub")) {
            device.connect();

            device.subscribeAsync(filter, QOS.AT_LEAST_ONCE);

            assertThat(Await.result(device.firstDisconnection()).getDisconnectPacket().getReasonCode())
                    .isEqualTo(DisconnectPacket.DisconnectReasonCode.NOT_AUTHORIZED);
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.RESERVED_TOPIC).detail()).contains(filter);
        }
    }

    @Test
    void lifecycleEventsReachSubscribersOfTheEventTopics() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device watcher = Mqtt5Device.of(emulator, emulator.certificates().issue("watcher"), "watcher");
             Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("lamp"), "lamp")) {
            watcher.connect();
            watcher.subscribe("$aws/events/presence/connected/+", QOS.AT_LEAST_ONCE);

            device.connect();

            assertThat(watcher.nextMessage().getTopic()).isEqualTo("$aws/events/presence/connected/lamp");
        }
    }
}
