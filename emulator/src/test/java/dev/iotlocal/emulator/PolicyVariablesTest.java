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
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket.PubAckReasonCode;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ThingPrincipalType;

/**
 * {@code ${iot:Connection.Thing.ThingName}} as AWS IoT resolves it, seen by devices over mutual TLS: a device publishes
 * under its own thing's name and is refused under another's (MQTT 3.1.1: disconnected; MQTT 5: PUBACK 0x87, still
 * connected); with a non-exclusive attachment the variable has a value only when the client id is the thing's name,
 * with an exclusive one whatever the client id.
 */
@ExtendWith(CrtResources.class)
class PolicyVariablesTest {

    private static final String ARN_PREFIX = "arn:aws:iot:us-east-1:000000000000:";
    private static final String OWN_TOPICS = Policies.document(
            """
            {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}""",
            """
            {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/dt/${iot:Connection.Thing.ThingName}/*"}""");

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    private final IotClient iot = running.iot();

    @Test
    void aDevicePublishesUnderItsOwnThingsName() {
        Policies.Created certificate = thingWithCertificate("thermo-own", ThingPrincipalType.NON_EXCLUSIVE_THING);

        try (Mqtt5Device watcher = Policies.watcher(running.get(), "own-watcher", "dt/thermo-own/#");
             Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("thermo-own"), "thermo-own")) {
            device.connect();

            assertThat(device.publish("dt/thermo-own/temp", "21.5", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.SUCCESS);
            assertThat(watcher.nextMessage().getTopic()).isEqualTo("dt/thermo-own/temp");
        }
        assertThat(running.get().journal().denials()).isEmpty();
    }

    @Test
    void publishingUnderAnotherThingsNameClosesAnMqtt311Connection() {
        Policies.Created certificate = thingWithCertificate("thermo-311", ThingPrincipalType.NON_EXCLUSIVE_THING);

        try (Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("thermo-311"), "thermo-311")) {
            device.connect();
            device.publish("dt/thermo-311/temp", "21.5", QualityOfService.AT_LEAST_ONCE);

            device.publishAsync("dt/thermo-other/temp", "21.5", QualityOfService.AT_LEAST_ONCE, false);

            Await.result(device.firstInterruption());
        }
        assertThat(running.awaitEvent("disconnected", "thermo-311").disconnectReason()).contains(DisconnectReason.AUTH_ERROR);
        assertThat(Policies.awaitDenial(running.get(), "iot:Publish", "thermo-311").resource())
                .isEqualTo(ARN_PREFIX + "topic/dt/thermo-other/temp");
    }

    @Test
    void publishingUnderAnotherThingsNameGetsPubackNotAuthorizedOverMqtt5AndTheDeviceStaysConnected() {
        Policies.Created certificate = thingWithCertificate("thermo-5", ThingPrincipalType.NON_EXCLUSIVE_THING);

        try (Mqtt5Device watcher = Policies.watcher(running.get(), "other-watcher", "dt/#");
             Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("thermo-5"), "thermo-5")) {
            device.connect();

            assertThat(device.publish("dt/thermo-other/temp", "21.5", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(device.publish("dt/thermo-5/temp", "21.5", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .as("still connected, and still allowed its own topic").isEqualTo(PubAckReasonCode.SUCCESS);
            assertThat(watcher.nextMessage().getTopic()).as("the denied message went nowhere").isEqualTo("dt/thermo-5/temp");
            assertThat(device.firstDisconnection()).isNotDone();
            assertThat(device.connections()).as("never reconnected").hasSize(1);
        }
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Publish", "thermo-5");
        assertThat(denial.resource()).isEqualTo(ARN_PREFIX + "topic/dt/thermo-other/temp");
        assertThat(denial.decision()).isEqualTo(PolicyDenial.Decision.IMPLICIT_DENY);
        assertThat(denial.principal().id()).isEqualTo(certificate.id());
        assertThat(denial.allowedBy()).isEmpty();
        assertThat(denial.deniedBy()).isEmpty();
        assertThat(denial.notMatching()).containsExactly("thermo-5-policy");
        assertThat(denial.unresolvedVariables()).isEmpty();
        assertThat(denial.explanation()).contains("policy thermo-5-policy allows iot:Publish on topic/dt/thermo-5/*",
                "published to 'dt/thermo-other/temp'");
    }

    @Test
    void theThingVariableHasNoValueWhenTheClientIdIsNotTheThingsName() {
        Policies.Created certificate = thingWithCertificate("thermo-app", ThingPrincipalType.NON_EXCLUSIVE_THING);

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("thermo-app"), "thermo-app-client")) {
            device.connect();

            assertThat(device.publish("dt/thermo-app/temp", "21.5", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.NOT_AUTHORIZED);
        }
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Publish", "thermo-app-client");
        assertThat(denial.unresolvedVariables()).containsExactly("iot:Connection.Thing.ThingName");
        assertThat(denial.notMatching()).containsExactly("thermo-app-policy");
        assertThat(denial.explanation()).contains("${iot:Connection.Thing.ThingName} has no value",
                "client id 'thermo-app-client' names no thing attached to the principal");
    }

    @Test
    void anExclusivelyAttachedThingGivesTheVariableItsNameWhateverTheClientId() {
        Policies.Created certificate = thingWithCertificate("thermo-sole", ThingPrincipalType.EXCLUSIVE_THING);

        try (Mqtt5Device watcher = Policies.watcher(running.get(), "sole-watcher", "dt/thermo-sole/#");
             Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("thermo-sole"), "any-client-id")) {
            device.connect();

            device.publish("dt/thermo-sole/temp", "21.5", QualityOfService.AT_LEAST_ONCE);

            assertThat(watcher.nextMessage().getTopic()).isEqualTo("dt/thermo-sole/temp");
            assertThat(device.firstInterruption()).isNotDone();
        }
        assertThat(running.get().journal().denials()).isEmpty();
    }

    /**
     * A thing and an active certificate attached to it as {@code type}, the certificate holding {@code <thing>-policy},
     * which allows publishing only under {@code dt/<the connection's thing>/}.
     */
    private Policies.Created thingWithCertificate(String thingName, ThingPrincipalType type) {
        iot.createThing(b -> b.thingName(thingName));
        Policies.Created certificate = Policies.certificateWith(iot, thingName + "-policy", OWN_TOPICS);
        iot.attachThingPrincipal(b -> b.thingName(thingName).principal(certificate.arn()).thingPrincipalType(type));
        return certificate;
    }
}
