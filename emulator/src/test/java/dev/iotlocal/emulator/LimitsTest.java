package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RawMqttClient;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.DisconnectPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.crt.mqtt5.packets.UnsubAckPacket;

@ExtendWith(CrtResources.class)
class LimitsTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    @Test
    void payloadUnderTheLimitIsDelivered() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("big-ok"), "big-ok")) {
            device.connect();
            device.subscribe("blob/ok", QualityOfService.AT_LEAST_ONCE);
            device.publish("blob/ok", "x".repeat(120 * 1024), QualityOfService.AT_LEAST_ONCE);
            assertThat(device.nextMessage().getPayload()).hasSize(120 * 1024);
        }
    }

    @Test
    void packetOver128KibClosesAnMqtt311Connection() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("big"), "big")) {
            device.connect();

            device.publishAsync("blob/big", "x".repeat(128 * 1024 + 1), QualityOfService.AT_LEAST_ONCE, false);

            Await.result(device.firstInterruption());
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.PACKET_TOO_LARGE).clientId()).isEqualTo("big");
            assertThat(running.awaitEvent("disconnected", "big").json()).contains("CLIENT_ERROR");
        }
    }

    @Test
    void mqtt5SdkKnowsTheLimitFromConnackAndDoesNotSendTheOversizedPacket() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("big5"), "big5")) {
            device.connect();

            assertThatThrownBy(() -> Await.result(device.publishAsync("blob/big", new byte[128 * 1024 + 1], QOS.AT_LEAST_ONCE, false)))
                    .isNotNull();
            assertThat(running.violations()).isEmpty();
        }
    }

    @Test
    void oversizedPacketGetsDisconnectPacketTooLargeOverMqtt5() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw-big"), true)) {
            client.connect("raw-big", 60);

            client.publish("blob/big", new byte[128 * 1024 + 1], 1, false);

            assertThat(client.awaitClose().disconnectReasonCode()).isEqualTo(0x95);
            // recorded as the broker closes the connection; awaited so that it cannot land in the next test's journal
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.PACKET_TOO_LARGE).clientId()).isEqualTo("raw-big");
        }
    }

    @Test
    void publishTopicOver256BytesClosesTheConnection() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("long-topic"), "long-topic")) {
            device.connect();

            device.publishAsync("t/" + "x".repeat(255), "x", QualityOfService.AT_MOST_ONCE, false);

            Await.result(device.firstInterruption());
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.TOPIC_TOO_LONG).detail()).contains("257 bytes");
        }
    }

    @Test
    void publishTopicWithEightSlashesGetsDisconnectTopicNameInvalidOverMqtt5() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("deep"), "deep")) {
            device.connect();
            device.publish("a/b/c/d/e/f/g/h", "seven slashes are fine", QOS.AT_LEAST_ONCE);

            device.publishAsync("a/b/c/d/e/f/g/h/i", "eight are not", QOS.AT_LEAST_ONCE, false);

            assertThat(Await.result(device.firstDisconnection()).getDisconnectPacket().getReasonCode())
                    .isEqualTo(DisconnectPacket.DisconnectReasonCode.TOPIC_NAME_INVALID);
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.TOPIC_TOO_DEEP).detail()).contains("8 slashes");
        }
    }

    @Test
    void basicIngestPrefixDoesNotCountAgainstTheSlashLimit() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("ingest"), "ingest")) {
            device.connect();
            device.publish("$aws/rules/telemetry/a/b/c/d/e/f/g/h", "ok", QOS.AT_LEAST_ONCE);
            assertThat(running.violations()).isEmpty();
        }
    }

    @Test
    void tooDeepFilterGetsSubackTopicFilterInvalidOverMqtt5AndTheConnectionStays() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("deep-sub"), "deep-sub")) {
            device.connect();

            SubAckPacket subAck = device.subscribe("a/b/c/d/e/f/g/h/#", QOS.AT_LEAST_ONCE);

            assertThat(subAck.getReasonCodes()).containsExactly(SubAckPacket.SubAckReasonCode.TOPIC_FILTER_INVALID);
            assertThat(device.subscribe("a/b", QOS.AT_LEAST_ONCE).getReasonCodes()).containsExactly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
            assertThat(running.violations()).extracting(RuleViolation::rule).containsExactly(AwsIotRule.TOPIC_TOO_DEEP);
        }
    }

    @Test
    void tooDeepFilterClosesAnMqtt311Connection() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("deep-sub3"), "deep-sub3")) {
            device.connect();

            device.subscribeAsync("a/b/c/d/e/f/g/h/#", QualityOfService.AT_LEAST_ONCE);

            Await.result(device.firstInterruption());
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.TOPIC_TOO_DEEP).clientId()).isEqualTo("deep-sub3");
        }
    }

    @Test
    void nineFiltersInOneSubscribeCloseTheConnectionWithoutSuback() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("nine"), false)) {
            client.connect("nine", 60);

            client.subscribe(filters("nine/", 9), 1, 0);

            assertThat(client.awaitClose()).isNull();
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.TOO_MANY_FILTERS_IN_SUBSCRIBE).detail()).contains("9 topic filters");
        }
    }

    @Test
    void nineFiltersInOneSubscribeGetDisconnectQuotaExceededOverMqtt5() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("nine5"), "nine5")) {
            device.connect();
            SubscribePacket.SubscribePacketBuilder nine = new SubscribePacket.SubscribePacketBuilder();
            filters("nine5/", 9).forEach(filter -> nine.withSubscription(filter, QOS.AT_LEAST_ONCE));

            device.subscribeAsync(nine.build());

            assertThat(Await.result(device.firstDisconnection()).getDisconnectPacket().getReasonCode())
                    .isEqualTo(DisconnectPacket.DisconnectReasonCode.QUOTA_EXCEEDED);
        }
    }

    @Test
    void eightFiltersInOneSubscribeAreFine() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("eight"), "eight")) {
            device.connect();
            SubscribePacket.SubscribePacketBuilder eight = new SubscribePacket.SubscribePacketBuilder();
            filters("eight/", 8).forEach(filter -> eight.withSubscription(filter, QOS.AT_LEAST_ONCE));

            assertThat(Await.result(device.subscribeAsync(eight.build())).getReasonCodes()).hasSize(8)
                    .containsOnly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
        }
    }

    @Test
    void fiftyFirstSubscriptionClosesTheConnection() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("fifty"), "fifty")) {
            device.connect();
            for (String filter : filters("fifty/", 50)) {
                device.subscribe(filter, QualityOfService.AT_MOST_ONCE);
            }
            assertThat(running.violations()).isEmpty();

            device.subscribeAsync("fifty/one-too-many", QualityOfService.AT_MOST_ONCE);

            Await.result(device.firstInterruption());
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.TOO_MANY_SUBSCRIPTIONS).detail()).contains("51 subscriptions");
        }
    }

    @Test
    void hashWildcardDoesNotMatchItsParentLevel() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("hash"), "hash")) {
            device.connect();
            device.subscribe("sensor/#", QOS.AT_LEAST_ONCE);

            device.publish("sensor", "parent", QOS.AT_LEAST_ONCE);
            device.publish("sensor/temperature", "child", QOS.AT_LEAST_ONCE);

            assertThat(device.nextMessage().getTopic()).isEqualTo("sensor/temperature");
        }
    }

    @Test
    void hashWildcardAtTheDeepestAllowedLevelIsGrantedAndUnsubscribesLikeAnyFilter() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("hash-deep"), "hash-deep")) {
            device.connect();
            assertThat(device.subscribe("a/b/c/d/e/f/g/#", QOS.AT_LEAST_ONCE).getReasonCodes())
                    .containsExactly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);
            device.publish("a/b/c/d/e/f/g/h", "deep", QOS.AT_LEAST_ONCE);
            assertThat(device.nextMessage().getTopic()).isEqualTo("a/b/c/d/e/f/g/h");

            assertThat(device.unsubscribe("a/b/c/d/e/f/g/#").getReasonCodes()).containsExactly(UnsubAckPacket.UnsubAckReasonCode.SUCCESS);
            device.subscribe("a/after", QOS.AT_LEAST_ONCE);
            device.publish("a/b/c/d/e/f/g/h", "not delivered any more", QOS.AT_LEAST_ONCE);
            device.publish("a/after", "delivered", QOS.AT_LEAST_ONCE);

            assertThat(device.nextMessage().getTopic()).isEqualTo("a/after");
            assertThat(running.violations()).isEmpty();
        }
    }

    @Test
    void subscriptionIdentifierGetsDisconnect0xA1() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("sub-id"), true)) {
            client.connect("sub-id", 60);

            client.subscribe(List.of("sub/id"), 1, 7);

            assertThat(client.awaitClose().disconnectReasonCode()).isEqualTo(0xA1);
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.SUBSCRIPTION_IDENTIFIER_NOT_SUPPORTED).clientId()).isEqualTo("sub-id");
        }
    }

    @Test
    void keepAliveAboveTheMaximumOrZeroBecomes1200InConnack() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("ka-long"), "ka-long",
                builder -> builder.withKeepAliveIntervalSeconds(3600L))) {
            ConnAckPacket connAck = device.connect();
            assertThat(connAck.getServerKeepAlive()).isEqualTo(1200);
        }
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("ka-zero"), "ka-zero",
                builder -> builder.withKeepAliveIntervalSeconds(0L))) {
            assertThat(device.connect().getServerKeepAlive()).isEqualTo(1200);
        }
    }

    private static List<String> filters(String prefix, int count) {
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            filters.add(prefix + i);
        }
        return filters;
    }

}
