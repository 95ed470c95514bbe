package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RawMqttClient;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;

@ExtendWith(CrtResources.class)
class Qos2RuleTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    @Test
    void mqtt5ConnackAdvertisesWhatAwsIotAdvertises() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("connack"), "connack")) {
            ConnAckPacket connAck = device.connect();

            assertThat(connAck.getMaximumQOS()).isEqualTo(QOS.AT_LEAST_ONCE);
            assertThat(connAck.getRetainAvailable()).isFalse();
            assertThat(connAck.getSubscriptionIdentifiersAvailable()).isFalse();
            assertThat(connAck.getTopicAliasMaximum()).isEqualTo(8);
            assertThat(connAck.getMaximumPacketSize()).isEqualTo(131072L);
            assertThat(Optional.ofNullable(connAck.getWildcardSubscriptionsAvailable())).isNotEqualTo(Optional.of(Boolean.FALSE));
            assertThat(Optional.ofNullable(connAck.getSharedSubscriptionsAvailable())).isNotEqualTo(Optional.of(Boolean.FALSE));
        }
    }

    @Test
    void mqtt311Qos2PublishClosesTheConnectionAndIsReported() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("qos2-publisher"), "qos2-publisher")) {
            device.connect();

            device.publishAsync("thing-update/qos2", "once", QualityOfService.EXACTLY_ONCE, false);

            Await.result(device.firstInterruption());
            RuleViolation violation = running.awaitViolation(v -> v.rule() == AwsIotRule.QOS_2_NOT_SUPPORTED);
            assertThat(violation.clientId()).isEqualTo("qos2-publisher");
            assertThat(violation.detail()).contains("QoS 2", "thing-update/qos2");
            assertThat(violation.principal()).hasValueSatisfying(p -> assertThat(p.kind()).isEqualTo(Principal.Kind.CERTIFICATE));
            assertThat(running.awaitEvent("disconnected", "qos2-publisher").json()).contains("\"disconnectReason\":\"CLIENT_ERROR\"");
        }
    }

    @Test
    void qos2PublishGetsNoPubrecOverMqtt311() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw-qos2"), false)) {
            assertThat(client.connect("raw-qos2", 60).connackCode()).isZero();

            client.publish("thing-update/raw", "x".getBytes(StandardCharsets.UTF_8), 2, false);

            assertThat(client.awaitClose()).as("no PUBREC, just a closed connection").isNull();
        }
    }

    @Test
    void qos2PublishGetsDisconnectQosNotSupportedOverMqtt5() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw5-qos2"), true)) {
            assertThat(client.connect("raw5-qos2", 60).connackCode()).isZero();

            client.publish("thing-update/raw", "x".getBytes(StandardCharsets.UTF_8), 2, false);

            RawMqttClient.Packet last = client.awaitClose();
            assertThat(last.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(last.disconnectReasonCode()).isEqualTo(0x9B);
        }
    }

    @Test
    void mqtt5SdkDoesNotSendQos2AfterConnackSaidMaximumQos1() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("sdk5-qos2"), "sdk5-qos2")) {
            device.connect();

            assertThatThrownBy(() -> Await.result(device.publishAsync("thing-update/x", "x", QOS.EXACTLY_ONCE, false)))
                    .hasMessageContaining("Invalid mqtt5 publish packet");
        }
    }

    @Test
    void mqtt311Qos2SubscribeClosesTheConnectionWithoutSuback() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw-sub2"), false)) {
            client.connect("raw-sub2", 60);

            client.subscribe(List.of("thing-update/#"), 2, 0);

            assertThat(client.awaitClose()).as("no SUBACK, just a closed connection").isNull();
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.QOS_2_NOT_SUPPORTED).detail()).contains("SUBSCRIBE");
        }
    }

    @Test
    void mqtt311SdkQos2SubscribeInterruptsTheConnection() {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("sdk-sub2"), "sdk-sub2")) {
            device.connect();

            device.subscribeAsync("thing-update/#", QualityOfService.EXACTLY_ONCE);

            Await.result(device.firstInterruption());
            assertThat(running.awaitViolation(v -> v.rule() == AwsIotRule.QOS_2_NOT_SUPPORTED).clientId()).isEqualTo("sdk-sub2");
        }
    }

    @Test
    void qos2SubscribeGetsDisconnectQosNotSupportedOverMqtt5() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw5-sub2"), true)) {
            client.connect("raw5-sub2", 60);

            client.subscribe(List.of("thing-update/#"), 2, 0);

            RawMqttClient.Packet last = client.awaitClose();
            assertThat(last.type()).isEqualTo(RawMqttClient.DISCONNECT);
            assertThat(last.disconnectReasonCode()).isEqualTo(0x9B);
        }
    }

    @Test
    void willWithQos2IsRefusedWithoutConnackOverMqtt311() throws Exception {
        IotEmulator emulator = running.get();
        try (Mqtt311Device device = Mqtt311Device.of(emulator, emulator.certificates().issue("will311"), "will311",
                builder -> withQos2Will(builder))) {
            assertThatThrownBy(device::connect).isNotNull();
            RuleViolation violation = running.awaitViolation(v -> v.rule() == AwsIotRule.QOS_2_NOT_SUPPORTED);
            assertThat(violation.detail()).contains("Will");
        }
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw-will"), false)) {
            assertThat(client.connect("raw-will", 60, "status/raw-will", 2, false)).as("no CONNACK").isNull();
        }
    }

    @Test
    void willWithQos2GetsConnackQosNotSupportedOverMqtt5() {
        IotEmulator emulator = running.get();
        try (RawMqttClient client = RawMqttClient.open(emulator, emulator.certificates().issue("raw5-will"), true)) {
            RawMqttClient.Packet connAck = client.connect("raw5-will", 60, "status/raw5-will", 2, false);

            assertThat(connAck.type()).isEqualTo(RawMqttClient.CONNACK);
            assertThat(connAck.connackCode()).isEqualTo(0x9B);
        }
    }

    @Test
    void qos1StillWorksForTheSameClientsAfterwards() {
        IotEmulator emulator = running.get();
        try (Mqtt5Device device = Mqtt5Device.of(emulator, emulator.certificates().issue("qos1"), "qos1")) {
            device.connect();
            device.subscribe("thing-update/qos1", QOS.AT_LEAST_ONCE);
            device.publish("thing-update/qos1", "ok", QOS.AT_LEAST_ONCE);
            PublishPacket message = device.nextMessage();
            assertThat(message.getQOS()).isEqualTo(QOS.AT_LEAST_ONCE);
            assertThat(running.violations()).isEmpty();
        }
    }

    private static void withQos2Will(software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder builder) {
        try {
            builder.withWill(new MqttMessage("status/will311", "gone".getBytes(StandardCharsets.UTF_8), QualityOfService.EXACTLY_ONCE, false));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
