package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.rules.AwsIotRules;
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
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket.PubAckReasonCode;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket.SubAckReasonCode;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * {@code AwsIotRules.policyEvaluation(false)} (the CLI's {@code --disable-rule policies}): no policy is evaluated, so a
 * certificate from CreateKeysAndCertificate with no policy attached connects, publishes, subscribes and receives.
 */
@ExtendWith(CrtResources.class)
class PolicyEvaluationSwitchedOffTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .rules(AwsIotRules.builder().policyEvaluation(false).build())
            .build());

    private final IotClient iot = running.iot();

    @Test
    void aCertificateWithNoPolicyConnectsPublishesAndReceivesOverMqtt5() {
        Policies.Created certificate = Policies.certificate(iot);

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("free-5"), "free-5")) {
            assertThat(device.connect().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);
            assertThat(device.subscribe("anything/#", QOS.AT_LEAST_ONCE).getReasonCodes()).containsExactly(SubAckReasonCode.GRANTED_QOS_1);

            assertThat(device.publish("anything/at/all", "x", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.SUCCESS);
            assertThat(device.nextMessage().getTopic()).isEqualTo("anything/at/all");
        }
        assertThat(running.get().journal().denials()).isEmpty();
    }

    @Test
    void aCertificateWithNoPolicyConnectsAndPublishesOverMqtt311() {
        Policies.Created certificate = Policies.certificate(iot);

        try (Mqtt5Device watcher = Policies.watcher(running.get(), "free-watcher", "anything/#");
             Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("free-311"), "free-311")) {
            device.connect();

            device.publish("anything/else", "x", QualityOfService.AT_LEAST_ONCE);

            assertThat(watcher.nextMessage().getTopic()).isEqualTo("anything/else");
            assertThat(device.firstInterruption()).isNotDone();
        }
        assertThat(running.get().journal().denials()).isEmpty();
    }
}
