package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.Policies;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket.PubAckReasonCode;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * With today's AWS IoT retained messages, a PUBLISH with RETAIN needs {@code iot:RetainPublish} besides
 * {@code iot:Publish}: without it the PUBLISH is denied (MQTT 5: PUBACK 0x87, and nothing is retained; MQTT 3.1.1:
 * disconnected), with it the message is retained.
 */
@ExtendWith(CrtResources.class)
class RetainPublishPolicyTest {

    private static final String PUBLISH_ONLY = Policies.ALLOW_MQTT;
    private static final String RETAINING = Policies.document("""
            {"Effect": "Allow", "Action": ["iot:Connect", "iot:Publish", "iot:RetainPublish"], "Resource": "*"}""");

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .rules(AwsIotRules.builder().retainedMessages(RetainedMessages.AWS).build())
            .build());

    private final IotClient iot = running.iot();

    @Test
    void aRetainedPublishWithoutRetainPublishGetsPubackNotAuthorizedOverMqtt5AndIsNotRetained() {
        Policies.Created certificate = Policies.certificateWith(iot, "no-retain-5", PUBLISH_ONLY);

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("panel-5"), "panel-5")) {
            device.connect();

            PubAckReasonCode code = Await.result(device.publishAsync("config/panel-5", "{\"mode\":1}", QOS.AT_LEAST_ONCE, true))
                    .getResultPubAck().getReasonCode();

            assertThat(code).isEqualTo(PubAckReasonCode.NOT_AUTHORIZED);
            // the connection is still there: the next PUBLISH (not retained, allowed) is acknowledged on it (0x10 with no
            // subscriber, HiveMQ's code; see Known limits)
            assertThat(Await.result(device.publishAsync("config/panel-5", "{\"mode\":2}", QOS.AT_LEAST_ONCE, false))
                    .getResultPubAck().getReasonCode()).isIn(PubAckReasonCode.SUCCESS, PubAckReasonCode.NO_MATCHING_SUBSCRIBERS);
            assertThat(device.firstDisconnection()).isNotDone();
            assertThat(device.connections()).as("never reconnected").hasSize(1);
        }
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:RetainPublish", "panel-5");
        assertThat(denial.resourceName()).isEqualTo("topic/config/panel-5");
        assertThat(denial.explanation()).contains("published a retained message to 'config/panel-5'");
        assertThat(retainedOn("config/panel-5")).as("nothing retained").isNull();
    }

    @Test
    void aRetainedPublishWithoutRetainPublishClosesAnMqtt311Connection() {
        Policies.Created certificate = Policies.certificateWith(iot, "no-retain-311", PUBLISH_ONLY);

        try (Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("panel-311"), "panel-311")) {
            device.connect();

            device.publishAsync("config/panel-311", "{\"mode\":1}", QualityOfService.AT_LEAST_ONCE, true);

            Await.result(device.firstInterruption());
        }
        assertThat(running.awaitEvent("disconnected", "panel-311").disconnectReason()).contains(DisconnectReason.AUTH_ERROR);
        assertThat(Policies.awaitDenial(running.get(), "iot:RetainPublish", "panel-311").resourceName()).isEqualTo("topic/config/panel-311");
    }

    @Test
    void aRetainedPublishWithRetainPublishIsRetained() {
        Policies.Created certificate = Policies.certificateWith(iot, "retaining", RETAINING);

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("panel-ok"), "panel-ok")) {
            device.connect();

            assertThat(Await.result(device.publishAsync("config/panel-ok", "{\"mode\":2}", QOS.AT_LEAST_ONCE, true))
                    .getResultPubAck().getReasonCode().getValue()).as("accepted").isLessThan(0x80);
        }
        PublishPacket retained = retainedOn("config/panel-ok");
        assertThat(retained).isNotNull();
        assertThat(new String(retained.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"mode\":2}");
        assertThat(running.get().journal().denials()).isEmpty();
    }

    /**
     * The message retained on {@code topic}, as a later subscriber receives it, or null: the broker sends it on
     * SUBSCRIBE, so it comes before a live message published after the SUBACK.
     */
    private static PublishPacket retainedOn(String topic) {
        try (Mqtt5Device reader = Policies.watcher(running.get(), "reader-" + topic.replace('/', '-'), topic)) {
            reader.publish(topic, "live", QOS.AT_LEAST_ONCE);
            PublishPacket retained = null;
            for (PublishPacket next = reader.nextMessage(); next.getRetain(); next = reader.nextMessage()) {
                retained = next;
            }
            return retained;
        }
    }
}
