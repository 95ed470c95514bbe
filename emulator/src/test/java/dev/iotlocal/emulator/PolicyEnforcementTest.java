package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.journal.PolicyDenial;
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
import software.amazon.awssdk.crt.mqtt.MqttException;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PubAckPacket.PubAckReasonCode;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * Which policies a certificate's connection is held to, and what its CONNECT asks for, as devices over mutual TLS see
 * it: an explicit Deny wins over any number of Allows; a thing group's policy reaches the things of its child groups
 * (when the connection is associated with the thing); a Will needs {@code iot:Publish} on its topic, and a persistent
 * session an {@code iot:Connect} whose {@code iot:ConnectAttributes} condition allows {@code PersistentConnect}.
 */
@ExtendWith(CrtResources.class)
class PolicyEnforcementTest {

    private static final String CONNECT = """
            {"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}""";

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    private final IotClient iot = running.iot();

    @Test
    void anExplicitDenyWinsOverTwoAllowsInTwoPolicies() {
        Policies.Created certificate = Policies.certificateWith(iot, "fleet-wide", Policies.document(CONNECT, """
                {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/*"}"""));
        Policies.attach(iot, "factory-guard", Policies.document("""
                {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/factory/*"}""", """
                {"Effect": "Deny", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/factory/secret"}"""),
                certificate.arn());

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("press"), "press")) {
            device.connect();

            assertThat(device.publish("factory/secret", "x", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.NOT_AUTHORIZED);
        }
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Publish", "press");
        assertThat(denial.decision()).isEqualTo(PolicyDenial.Decision.EXPLICIT_DENY);
        assertThat(denial.deniedBy()).containsExactly("factory-guard");
        assertThat(denial.allowedBy()).containsExactly("fleet-wide");
        assertThat(denial.explanation()).contains("policy factory-guard denies iot:Publish on topic/factory/secret",
                "an explicit Deny wins over any Allow");
    }

    @Test
    void theAllowsStillAllowWhatTheDenyDoesNotCover() {
        Policies.Created certificate = Policies.certificateWith(iot, "fleet-wide-too", Policies.document(CONNECT, """
                {"Effect": "Allow", "Action": "iot:Publish", "Resource": "*"}""", """
                {"Effect": "Deny", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/factory/secret"}"""));

        try (Mqtt5Device watcher = Policies.watcher(running.get(), "lathe-watcher", "factory/#");
             Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("lathe"), "lathe")) {
            device.connect();

            assertThat(device.publish("factory/secrets", "x", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .as("the Deny names one topic exactly").isEqualTo(PubAckReasonCode.SUCCESS);
            assertThat(watcher.nextMessage().getTopic()).isEqualTo("factory/secrets");
        }
    }

    @Test
    void aNarrowerDefaultVersionOfThePolicyAppliesToTheNextPublishOfAConnectedDevice() {
        // every publish allowed, retained or not: nothing to check a PUBLISH of this device for, until the change
        Policies.Created certificate = Policies.certificateWith(iot, "drill-policy", Policies.document("""
                {"Effect": "Allow", "Action": "iot:*", "Resource": "*"}"""));

        try (Mqtt5Device watcher = Policies.watcher(running.get(), "drill-watcher", "drill/#");
             Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("drill"), "drill")) {
            device.connect();
            assertThat(device.publish("drill/speed", "1", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.SUCCESS);

            iot.createPolicyVersion(b -> b.policyName("drill-policy").setAsDefault(true).policyDocument(Policies.document(CONNECT, """
                    {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/drill/status"}""")));

            assertThat(device.publish("drill/speed", "2", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.NOT_AUTHORIZED);
            assertThat(device.publish("drill/status", "ok", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.SUCCESS);
            assertThat(watcher.nextMessage().getTopic()).isEqualTo("drill/speed");
            assertThat(watcher.nextMessage().getTopic()).as("the second drill/speed went nowhere").isEqualTo("drill/status");
            assertThat(device.connections()).as("never disconnected").hasSize(1);
        }
    }

    @Test
    void aPolicyOfAParentGroupReachesAThingInAChildGroup() {
        Policies.Created certificate = thingInGroup("lamp", "Building", "Floor");

        try (Mqtt5Device watcher = Policies.watcher(running.get(), "lamp-watcher", "building/#");
             Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("lamp"), "lamp")) {
            assertThat(device.connect().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);

            assertThat(device.publish("building/lamp/on", "1", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.SUCCESS);
            assertThat(watcher.nextMessage().getTopic()).isEqualTo("building/lamp/on");
        }
        assertThat(running.get().journal().denials()).isEmpty();
    }

    @Test
    void aGroupPolicyDoesNotReachAConnectionWhoseClientIdIsNotTheThingsName() {
        Policies.Created certificate = thingInGroup("heater", "Warehouse", "Aisle");

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("heater"), "heater-app")) {
            assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refused ->
                    assertThat(refused.connAck().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.NOT_AUTHORIZED));
        }
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Connect", "heater-app");
        assertThat(denial.notMatching()).isEmpty();
        assertThat(denial.explanation()).contains("no policy is attached to certificate");
    }

    @Test
    void aWillWithoutPublishOnItsTopicIsRefusedAtConnectOverMqtt5() {
        Policies.Created certificate = Policies.certificateWith(iot, "status-only-5", statusOnly());

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("sensor-5"), "sensor-5", builder -> builder
                .withWill(new PublishPacket.PublishPacketBuilder().withTopic("farewell/sensor-5")
                        .withPayload("gone".getBytes(StandardCharsets.UTF_8)).withQOS(QOS.AT_LEAST_ONCE).build()))) {
            assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refused ->
                    assertThat(refused.connAck().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.NOT_AUTHORIZED));
        }
        running.awaitEvent("connect_failed", "sensor-5");
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Publish", "sensor-5");
        assertThat(denial.resourceName()).isEqualTo("topic/farewell/sensor-5");
        assertThat(denial.explanation()).contains("connected with a Will on 'farewell/sensor-5'");
    }

    @Test
    void aWillWithoutPublishOnItsTopicIsRefusedAtConnectOverMqtt311() {
        Policies.Created certificate = Policies.certificateWith(iot, "status-only-311", statusOnly());

        try (Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("sensor-311"), "sensor-311",
                builder -> withWill(builder, "farewell/sensor-311"))) {
            assertThatThrownBy(device::connect).as("closed without a CONNACK")
                    .isInstanceOf(MqttException.class).hasMessage("The connection was closed unexpectedly.");
        }
        running.awaitEvent("connect_failed", "sensor-311");
        assertThat(Policies.awaitDenial(running.get(), "iot:Publish", "sensor-311").resourceName()).isEqualTo("topic/farewell/sensor-311");
    }

    @Test
    void aDeniedQos0PublishIsDroppedAndTheMqtt5DeviceStaysConnected() {
        Policies.Created certificate = Policies.certificateWith(iot, "status-only-qos0", statusOnly());

        try (Mqtt5Device watcher = Policies.watcher(running.get(), "qos0-watcher", "+/qos0");
             Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("qos0"), "qos0")) {
            device.connect();

            Await.result(device.publishAsync("other/qos0", "dropped", QOS.AT_MOST_ONCE, false));
            assertThat(device.publish("status/qos0", "kept", QOS.AT_LEAST_ONCE).getResultPubAck().getReasonCode())
                    .isEqualTo(PubAckReasonCode.SUCCESS);

            assertThat(watcher.nextMessage().getTopic()).isEqualTo("status/qos0");
            assertThat(device.connections()).as("never disconnected").hasSize(1);
        }
        assertThat(Policies.awaitDenial(running.get(), "iot:Publish", "qos0").resourceName()).isEqualTo("topic/other/qos0");
    }

    @Test
    void aWillOnATopicThePolicyAllowsIsAccepted() {
        Policies.Created certificate = Policies.certificateWith(iot, "status-only-will", statusOnly());

        try (Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("sensor-ok"), "sensor-ok",
                builder -> withWill(builder, "status/sensor-ok"))) {
            assertThat(device.connect()).as("session present").isFalse();
        }
        assertThat(running.get().journal().denials()).isEmpty();
    }

    @Test
    void aPersistentSessionIsRefusedWhenConnectAttributesMustBeEmpty() {
        Policies.Created certificate = Policies.certificateWith(iot, "clean-only", connectWithAttributes("[]"));

        try (Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("logger"), "logger",
                builder -> builder.withCleanSession(false))) {
            assertThatThrownBy(device::connect).isInstanceOf(MqttException.class);
        }
        running.awaitEvent("connect_failed", "logger");
        PolicyDenial denial = Policies.awaitDenial(running.get(), "iot:Connect", "logger");
        assertThat(denial.notMatching()).containsExactly("clean-only");
        assertThat(denial.explanation()).contains("iot:ConnectAttributes", "(this CONNECT has iot:ConnectAttributes [PersistentConnect])");
    }

    @Test
    void anMqtt5SessionThatOutlivesTheConnectionIsRefusedWhenConnectAttributesMustBeEmpty() {
        Policies.Created certificate = Policies.certificateWith(iot, "clean-only-5", connectWithAttributes("[]"));

        try (Mqtt5Device device = Mqtt5Device.of(running.get(), certificate.device("logger-5"), "logger-5",
                builder -> builder.withSessionExpiryIntervalSeconds(3600L))) {
            assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refused ->
                    assertThat(refused.connAck().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.NOT_AUTHORIZED));
        }
        assertThat(Policies.awaitDenial(running.get(), "iot:Connect", "logger-5").explanation())
                .contains("(this CONNECT has iot:ConnectAttributes [PersistentConnect])");
    }

    @Test
    void aCleanSessionIsAcceptedWhenConnectAttributesMustBeEmpty() {
        Policies.Created certificate = Policies.certificateWith(iot, "clean-only-too", connectWithAttributes("[]"));

        try (Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("cleaner"), "cleaner")) {
            assertThat(device.connect()).as("session present").isFalse();
        }
        assertThat(running.get().journal().denials()).isEmpty();
    }

    @Test
    void aPersistentSessionIsAcceptedWhenConnectAttributesAllowPersistentConnect() {
        Policies.Created certificate = Policies.certificateWith(iot, "persistent-allowed", connectWithAttributes("[\"PersistentConnect\"]"));

        try (Mqtt311Device device = Mqtt311Device.of(running.get(), certificate.device("archiver"), "archiver",
                builder -> builder.withCleanSession(false))) {
            device.connect();
        }
        try (Mqtt311Device again = Mqtt311Device.of(running.get(), certificate.device("archiver"), "archiver",
                builder -> builder.withCleanSession(false))) {
            assertThat(again.connect()).as("the session was kept").isTrue();
        }
        assertThat(running.get().journal().denials()).isEmpty();
    }

    /**
     * A thing whose certificate has no policy of its own, in group {@code child} of group {@code parent}, which holds
     * a policy allowing every MQTT action.
     */
    private Policies.Created thingInGroup(String thingName, String parent, String child) {
        iot.createThingGroup(b -> b.thingGroupName(parent));
        iot.createThingGroup(b -> b.thingGroupName(child).parentGroupName(parent));
        iot.createThing(b -> b.thingName(thingName));
        iot.addThingToThingGroup(b -> b.thingName(thingName).thingGroupName(child));
        Policies.Created certificate = Policies.certificate(iot);
        iot.attachThingPrincipal(b -> b.thingName(thingName).principal(certificate.arn()));
        String parentArn = iot.describeThingGroup(b -> b.thingGroupName(parent)).thingGroupArn();
        Policies.attach(iot, parent + "-policy", Policies.ALLOW_MQTT, parentArn);
        return certificate;
    }

    /** Connecting, and publishing under {@code status/}. */
    private static String statusOnly() {
        return Policies.document(CONNECT, """
                {"Effect": "Allow", "Action": "iot:Publish", "Resource": "arn:aws:iot:us-east-1:000000000000:topic/status/*"}""");
    }

    /** Connecting with no more than {@code attributes} (a JSON array) in {@code iot:ConnectAttributes}. */
    private static String connectWithAttributes(String attributes) {
        return Policies.document("{\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"*\", \"Condition\": "
                + "{\"ForAllValues:StringEquals\": {\"iot:ConnectAttributes\": " + attributes + "}}}");
    }

    private static void withWill(software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder builder, String topic) {
        try {
            builder.withWill(new MqttMessage(topic, "gone".getBytes(StandardCharsets.UTF_8), QualityOfService.AT_LEAST_ONCE, false));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
