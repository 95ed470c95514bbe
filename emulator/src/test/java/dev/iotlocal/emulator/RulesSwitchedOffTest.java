package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RunningEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;

/** With every rule switched off the broker behaves like plain MQTT, and nothing is reported. */
@ExtendWith(CrtResources.class)
class RulesSwitchedOffTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().rules(AwsIotRules.plainMqtt()).build());

    @AfterEach
    void nothingIsReported() {
        assertThat(running.violations()).isEmpty();
    }

    @Test
    void connackAdvertisesPlainMqtt() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("plain"), "plain")) {
            ConnAckPacket connAck = device.connect();

            // what HiveMQ sends with every AWS rule off: an absent property means the MQTT 5 default
            assertThat(connAck.getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);
            assertThat(connAck.getMaximumQOS()).as("absent: QoS 2").isNull();
            assertThat(connAck.getRetainAvailable()).as("absent: retain available").isNull();
            assertThat(connAck.getSubscriptionIdentifiersAvailable()).as("absent: available").isNull();
            assertThat(connAck.getWildcardSubscriptionsAvailable()).as("absent: available").isNull();
            assertThat(connAck.getSharedSubscriptionsAvailable()).as("absent: available").isNull();
            assertThat(connAck.getMaximumPacketSize()).as("absent: no limit but the protocol's").isNull();
            assertThat(connAck.getServerKeepAlive()).as("absent: the client's keep-alive stands").isNull();
            assertThat(connAck.getReceiveMaximum()).as("HiveMQ's default").isEqualTo(10);
            assertThat(connAck.getTopicAliasMaximum()).as("AWS's limit, which no rule switches")
                    .isEqualTo(AwsIotRules.TOPIC_ALIAS_MAXIMUM);
        }
    }

    @Test
    void qos2RoundTripWorks() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("exactly"), "exactly")) {
            device.connect();
            device.subscribe("exactly/once", QualityOfService.EXACTLY_ONCE);
            device.publish("exactly/once", "1", QualityOfService.EXACTLY_ONCE);
            MqttMessage message = device.nextMessage();
            assertThat(message.getQos()).isEqualTo(QualityOfService.EXACTLY_ONCE);
        }
    }

    @Test
    void hashWildcardMatchesItsParentAndLimitsDoNotApply() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("spec"), "$spec")) {
            device.connect();
            SubscribePacket.SubscribePacketBuilder nine = new SubscribePacket.SubscribePacketBuilder();
            for (int i = 0; i < 9; i++) {
                nine.withSubscription("many/" + i, QOS.AT_LEAST_ONCE);
            }
            assertThat(Await.result(device.subscribeAsync(nine.build())).getReasonCodes()).hasSize(9);
            assertThat(device.subscribe("sensor/#", QOS.AT_LEAST_ONCE).getReasonCodes())
                    .containsExactly(SubAckPacket.SubAckReasonCode.GRANTED_QOS_1);

            device.publish("sensor", "parent", QOS.AT_LEAST_ONCE);

            assertThat(device.nextMessage().getTopic()).isEqualTo("sensor");
            device.publish("a/b/c/d/e/f/g/h/i/j", "deep", QOS.AT_LEAST_ONCE);
        }
    }

    @Test
    void retainedMessagesFollowTheMqttSpecification() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("spec-retain"), "spec-retain")) {
            device.connect();
            Await.result(device.publishAsync("spec/lamp", "on", QOS.AT_LEAST_ONCE, true));

            device.subscribe("spec/+", QOS.AT_LEAST_ONCE);

            assertThat(device.nextMessage().getRetain()).as("wildcard subscriptions get retained messages in MQTT").isTrue();
        }
    }
}
