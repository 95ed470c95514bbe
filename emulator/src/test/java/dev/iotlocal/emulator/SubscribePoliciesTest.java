package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.Policies;
import dev.iotlocal.emulator.support.RunningEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket.SubAckReasonCode;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * {@code iot:Subscribe} on {@code topicfilter/...}, as AWS IoT matches it: the filter a client sends is compared
 * literally, {@code +} and {@code #} are plain characters in a policy and only {@code *} and {@code ?} are wildcards.
 * A denied filter gets SUBACK 0x87 over MQTT 5, the other filters of the same SUBSCRIBE standing; MQTT 3.1.1 is
 * disconnected.
 */
@ExtendWith(CrtResources.class)
class SubscribePoliciesTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    private final IotClient iot = running.iot();

    @Test
    void aPolicyOnTopicfilterSensorPlusDoesNotAllowSensorHashButKeepsTheAllowedFilterOfTheSameSubscribe() {
        Policies.Created certificate = Policies.certificateWith(iot, "sensor-plus", subscribing("topicfilter/sensor/+"));

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("plus-5"), "plus-5");
             Mqtt5Device publisher = Policies.trusted(running.get(), "plus-5-publisher")) {
            device.connect();

            SubAckPacket subAck = Await.result(device.subscribeAsync(new SubscribePacket.SubscribePacketBuilder()
                    .withSubscription("sensor/+", QOS.AT_LEAST_ONCE)
                    .withSubscription("sensor/#", QOS.AT_LEAST_ONCE).build()));

            assertThat(subAck.getReasonCodes()).containsExactly(SubAckReasonCode.GRANTED_QOS_1, SubAckReasonCode.NOT_AUTHORIZED);
            publisher.publish("sensor/temperature", "19", QOS.AT_LEAST_ONCE);
            assertThat(device.nextMessage().getTopic()).as("received through sensor/+").isEqualTo("sensor/temperature");
            assertThat(device.firstDisconnection()).isNotDone();
        }
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Subscribe", "plus-5");
        assertThat(denial.resource()).isEqualTo("arn:aws:iot:us-east-1:000000000000:topicfilter/sensor/#");
        assertThat(denial.notMatching()).containsExactly("sensor-plus");
        assertThat(running.get().journal().denials()).as("sensor/+ was allowed").hasSize(1);
    }

    @Test
    void aDeniedSubscribeClosesAnMqtt311Connection() {
        Policies.Created certificate = Policies.certificateWith(iot, "sensor-plus-311", subscribing("topicfilter/sensor/+"));

        try (Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("plus-311"), "plus-311")) {
            device.connect();

            device.subscribeAsync("sensor/#", QualityOfService.AT_LEAST_ONCE);

            Await.result(device.firstInterruption());
        }
        assertThat(running.awaitEvent("disconnected", "plus-311").disconnectReason()).contains(DisconnectReason.AUTH_ERROR);
        assertThat(Policies.awaitDenial(running.get(), "iot:Subscribe", "plus-311").resourceName()).isEqualTo("topicfilter/sensor/#");
    }

    @Test
    void aPolicyOnTopicfilterSensorStarAllowsSensorPlusAndSensorHash() {
        Policies.Created certificate = Policies.certificateWith(iot, "sensor-star", subscribing("topicfilter/sensor/*"));

        try (Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("star-311"), "star-311")) {
            device.connect();

            assertThat(device.subscribe("sensor/+", QualityOfService.AT_LEAST_ONCE)).isNotNull();
            assertThat(device.subscribe("sensor/#", QualityOfService.AT_LEAST_ONCE)).isNotNull();
            assertThat(device.firstInterruption()).isNotDone();
        }
        assertThat(running.get().journal().denials()).isEmpty();
    }

    @Test
    void aPolicyOnTopicfilterSensorHashAllowsOnlyTheFilterSensorHash() {
        Policies.Created certificate = Policies.certificateWith(iot, "sensor-hash", subscribing("topicfilter/sensor/#"));

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("hash-5"), "hash-5")) {
            device.connect();

            SubAckPacket subAck = Await.result(device.subscribeAsync(new SubscribePacket.SubscribePacketBuilder()
                    .withSubscription("sensor/#", QOS.AT_LEAST_ONCE)
                    .withSubscription("sensor/+", QOS.AT_LEAST_ONCE)
                    .withSubscription("sensor/temperature", QOS.AT_LEAST_ONCE).build()));

            assertThat(subAck.getReasonCodes()).as("# is no wildcard in a policy")
                    .containsExactly(SubAckReasonCode.GRANTED_QOS_1, SubAckReasonCode.NOT_AUTHORIZED, SubAckReasonCode.NOT_AUTHORIZED);
        }
        assertThat(running.get().journal().denials()).extracting(PolicyDenial::resourceName)
                .containsExactlyInAnyOrder("topicfilter/sensor/+", "topicfilter/sensor/temperature");
    }

    @Test
    void aDeniedFilterDoesNotTakeAwayWhatTheSessionAlreadyReceives() {
        Policies.Created certificate = Policies.certificateWith(iot, "sensor-plus-kept", subscribing("topicfilter/sensor/+"));

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("kept-5"), "kept-5");
             Mqtt5Device publisher = Policies.trusted(running.get(), "kept-5-publisher")) {
            device.connect();
            device.subscribe("sensor/+", QOS.AT_LEAST_ONCE);

            assertThat(device.subscribe("sensor/#", QOS.AT_LEAST_ONCE).getReasonCodes()).containsExactly(SubAckReasonCode.NOT_AUTHORIZED);

            publisher.publish("sensor/humidity", "40", QOS.AT_LEAST_ONCE);
            publisher.publish("sensor/deep/level", "3", QOS.AT_LEAST_ONCE);
            publisher.publish("sensor/pressure", "1013", QOS.AT_LEAST_ONCE);
            assertThat(device.nextMessage().getTopic()).isEqualTo("sensor/humidity");
            assertThat(device.nextMessage().getTopic()).as("sensor/deep/level matches only the refused sensor/#")
                    .isEqualTo("sensor/pressure");
        }
    }

    /** A policy that allows connecting, receiving anything under {@code sensor/}, and subscribing to {@code filterResource}. */
    private static String subscribing(String filterResource) {
        return Policies.document("""
                {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}""", """
                {"Effect": "Allow", "Action": "iot:Receive", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/sensor/*"}""",
                "{\"Effect\": \"Allow\", \"Action\": \"iot:Subscribe\", \"Resource\": \"arn:aws:iot:us-east-1:000000000000:"
                        + filterResource + "\"}");
    }
}
