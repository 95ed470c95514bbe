package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.Certificates;
import dev.iotlocal.emulator.internal.util.Json;
import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.Policies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingGroupResponse;
import software.amazon.awssdk.services.iot.model.GroupNameAndArn;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ThingTypeMetadata;

/**
 * With a data directory, the CA and the account survive a restart: certificates and their statuses, things, thing
 * groups and types as the control plane left them, and what is attached to what.
 */
@ExtendWith(CrtResources.class)
class PersistentDataDirectoryTest {

    private static final String ALLOW_CONNECT = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}]}""";

    @TempDir
    Path dataDirectory;

    @Test
    void certificatesAndTheirStatusSurviveARestart() {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(dataDirectory).build();
        DeviceCertificate kept;
        DeviceCertificate benched;
        String caPem;
        try (IotEmulator first = IotEmulator.start(config)) {
            kept = first.certificates().issue("kept");
            benched = first.certificates().issue("benched");
            first.certificates().setStatus(benched.certificateId(), CertificateStatus.INACTIVE);
            caPem = first.certificates().caCertificatePem();
        }

        try (IotEmulator second = IotEmulator.start(config)) {
            assertThat(second.certificates().caCertificatePem()).isEqualTo(caPem);
            assertThat(second.certificates().status(kept.certificateId())).contains(CertificateStatus.ACTIVE);
            assertThat(second.certificates().status(benched.certificateId())).contains(CertificateStatus.INACTIVE);
            try (Mqtt5Device device = Mqtt5Device.of(second, kept, "kept")) {
                assertThat(device.connect().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);
            }
        }
    }

    @Test
    void shadowsSurviveARestartWithTheirVersionsAndADeletedOneCarriesItsVersionOn() {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(dataDirectory).build();
        String before;
        try (IotEmulator first = IotEmulator.start(config)) {
            first.shadows().update("boiler", "{\"state\":{\"desired\":{\"temp\":60},\"reported\":{\"temp\":40}}}");
            first.shadows().update("boiler", "settings", "{\"state\":{\"reported\":{\"eco\":true}}}");
            first.shadows().update("kettle", "{\"state\":{\"reported\":{\"on\":true}}}");
            first.shadows().update("kettle", "{\"state\":{\"reported\":{\"on\":false}}}");
            first.shadows().delete("kettle");
            before = first.shadows().get("boiler").orElseThrow();
        }
        assertThat(dataDirectory.resolve("shadows.json")).exists();
        try (IotEmulator second = IotEmulator.start(config)) {
            String after = second.shadows().get("boiler").orElseThrow();
            // the same document but for the time it was read
            assertThat(after.replaceAll("\"timestamp\":\\d+,?", "")).isEqualTo(before.replaceAll("\"timestamp\":\\d+,?", ""));
            assertThat(second.shadows().namedShadows("boiler")).containsExactly("settings");
            assertThat(second.shadows().get("kettle")).isEmpty();
            assertThat(second.shadows().update("kettle", "{\"state\":{\"reported\":{\"on\":true}}}")).contains("\"version\":3");
        }
    }

    @Test
    void certificatesFromTheControlPlaneAreDescribedAlikeAfterARestart() {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(dataDirectory).build();
        CreateKeysAndCertificateResponse created;
        CertificateDescription before;
        try (IotEmulator first = IotEmulator.start(config); IotClient iot = ControlPlane.iotClient(first)) {
            created = iot.createKeysAndCertificate(b -> b.setAsActive(true));
            Policies.attach(iot, "restarted-policy", Policies.ALLOW_MQTT, created.certificateArn());
            before = iot.describeCertificate(b -> b.certificateId(created.certificateId())).certificateDescription();
        }

        try (IotEmulator second = IotEmulator.start(config); IotClient iot = ControlPlane.iotClient(second)) {
            assertThat(iot.describeCertificate(b -> b.certificateId(created.certificateId())).certificateDescription()).isEqualTo(before);
            // connects with the policy attached before the restart
            try (Mqtt5Device client = Mqtt5Device.of(second, Policies.deviceCertificate(created, "restarted"), "restarted")) {
                assertThat(client.connect().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);
            }
        }
    }

    @Test
    void anOlderEmulatorsCertificatesJsonIsImportedOnTheFirstStart() throws Exception {
        KeyPair keyPair = EcKeys.generate();
        String pem = Pem.encode(CertificateAuthority.loadOrCreate(dataDirectory).issueDeviceCertificate(keyPair.getPublic()));
        DeviceCertificate old = new DeviceCertificate(Certificates.certificateId(Pem.certificate(pem)), "veteran", pem,
                Optional.of(Pem.encodePrivateKey(keyPair.getPrivate())));
        Files.write(dataDirectory.resolve("certificates.json"), Json.PRETTY.writeValueAsBytes(List.of(Map.of(
                "certificateId", old.certificateId(), "thingName", "veteran", "certificatePem", pem, "status", "ACTIVE"))));

        try (IotEmulator emulator = IotEmulator.start(EmulatorConfig.builder().dataDirectory(dataDirectory).build());
             IotClient iot = ControlPlane.iotClient(emulator)) {
            assertThat(iot.describeCertificate(b -> b.certificateId(old.certificateId())).certificateDescription().status())
                    .isEqualTo(software.amazon.awssdk.services.iot.model.CertificateStatus.ACTIVE);
            try (Mqtt5Device device = Mqtt5Device.of(emulator, old, "veteran")) {
                assertThat(device.connect().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);
            }
        }
        assertThat(dataDirectory.resolve("certificates.json")).doesNotExist();
        assertThat(dataDirectory.resolve("certificates.json.imported")).exists();
    }

    @Test
    void certificateSignedByTheCaButNeverRegisteredIsRefused() {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(dataDirectory).build();
        try (IotEmulator emulator = IotEmulator.start(config)) {
            // someone who got hold of the CA key signs a certificate outside the registry
            KeyPair keyPair = EcKeys.generate();
            CertificateAuthority sameCa = CertificateAuthority.loadOrCreate(dataDirectory);
            DeviceCertificate unregistered = new DeviceCertificate("?", "rogue",
                    Pem.encode(sameCa.issueDeviceCertificate(keyPair.getPublic())), Optional.of(Pem.encodePrivateKey(keyPair.getPrivate())));

            try (Mqtt5Device device = Mqtt5Device.of(emulator, unregistered, "rogue")) {
                assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refusal ->
                        assertThat(refusal.connAck().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.NOT_AUTHORIZED));
            }
            assertThat(emulator.journal().violations()).singleElement()
                    .satisfies(violation -> assertThat(violation.detail()).contains("not registered"));
        }
    }

    @Test
    void certificateStatusesSetThroughTheControlPlaneSurviveARestart() {
        acrossARestart(first -> {
            String inactive = first.emulator().certificates().issue("benched-by-api").certificateId();
            String revoked = first.emulator().certificates().issue("revoked-by-api").certificateId();
            first.iot().updateCertificate(b -> b.certificateId(inactive).newStatus("INACTIVE"));
            first.iot().updateCertificate(b -> b.certificateId(revoked).newStatus("REVOKED"));
            return List.of(inactive, revoked);
        }, (second, ids) -> {
            assertThat(status(second.iot(), ids.get(0))).isEqualTo("INACTIVE");
            assertThat(status(second.iot(), ids.get(1))).isEqualTo("REVOKED");
        });
    }

    @Test
    void aCertificatesThingAndPoliciesAndAGroupsPoliciesStayAttachedAcrossARestart() {
        acrossARestart(first -> {
            IotClient iot = first.iot();
            String certificate = iot.createKeysAndCertificate().certificateArn();
            iot.createThing(b -> b.thingName("linked"));
            iot.attachThingPrincipal(b -> b.thingName("linked").principal(certificate));
            String group = iot.createThingGroup(b -> b.thingGroupName("Governed")).thingGroupArn();
            iot.createPolicy(b -> b.policyName("for-the-certificate").policyDocument(ALLOW_CONNECT));
            iot.createPolicy(b -> b.policyName("for-the-group").policyDocument(ALLOW_CONNECT));
            iot.attachPolicy(b -> b.policyName("for-the-certificate").target(certificate));
            iot.attachPolicy(b -> b.policyName("for-the-group").target(group));
            return List.of(certificate, group);
        }, (second, arns) -> {
            IotClient iot = second.iot();
            assertThat(iot.listPrincipalThings(b -> b.principal(arns.get(0))).things()).containsExactly("linked");
            assertThat(iot.listAttachedPolicies(b -> b.target(arns.get(0))).policies()).extracting(Policy::policyName)
                    .containsExactly("for-the-certificate");
            assertThat(iot.listAttachedPolicies(b -> b.target(arns.get(1))).policies()).extracting(Policy::policyName)
                    .containsExactly("for-the-group");
        });
    }

    @Test
    void aThingGroupKeepsItsParentPropertiesAndVersionAcrossARestart() {
        acrossARestart(first -> {
            first.iot().createThingGroup(b -> b.thingGroupName("Building"));
            first.iot().createThingGroup(b -> b.thingGroupName("Floor").parentGroupName("Building")
                    .thingGroupProperties(p -> p.thingGroupDescription("first").attributePayload(a -> a.attributes(Map.of("level", "1")))));
            first.iot().updateThingGroup(b -> b.thingGroupName("Floor").thingGroupProperties(p -> p.thingGroupDescription("second")));
            return null;
        }, (second, none) -> {
            DescribeThingGroupResponse floor = second.iot().describeThingGroup(b -> b.thingGroupName("Floor"));
            assertThat(floor.thingGroupMetadata().parentGroupName()).isEqualTo("Building");
            assertThat(floor.thingGroupMetadata().rootToParentThingGroups()).extracting(GroupNameAndArn::groupName)
                    .containsExactly("Building");
            assertThat(floor.thingGroupProperties().thingGroupDescription()).isEqualTo("second");
            assertThat(floor.thingGroupProperties().attributePayload().attributes()).isEqualTo(Map.of("level", "1"));
            assertThat(floor.version()).isEqualTo(2L);
        });
    }

    @Test
    void aThingKeepsItsVersionAcrossARestartAndUpdatesGoOnFromIt() {
        acrossARestart(first -> {
            first.iot().createThing(b -> b.thingName("counted"));
            first.iot().updateThing(b -> b.thingName("counted").attributePayload(a -> a.attributes(Map.of("n", "2"))));
            return null;
        }, (second, none) -> {
            second.iot().updateThing(b -> b.thingName("counted").expectedVersion(2L).attributePayload(a -> a.attributes(Map.of("n", "3"))));

            assertThat(second.iot().describeThing(b -> b.thingName("counted")).version()).isEqualTo(3L);
        });
    }

    @Test
    void aDeprecatedThingTypeStaysDeprecatedAcrossARestart() {
        acrossARestart(first -> {
            first.iot().createThingType(b -> b.thingTypeName("legacy"));
            first.iot().deprecateThingType(b -> b.thingTypeName("legacy"));
            return first.iot().describeThingType(b -> b.thingTypeName("legacy")).thingTypeMetadata().deprecationDate();
        }, (second, date) -> {
            ThingTypeMetadata metadata = second.iot().describeThingType(b -> b.thingTypeName("legacy")).thingTypeMetadata();
            assertThat(metadata.deprecated()).isTrue();
            assertThat(metadata.deprecationDate()).isEqualTo(date);
            refused(InvalidRequestException.class, 400, "Can not create new thing with depreated thing type:legacy",
                    () -> second.iot().createThing(b -> b.thingName("too-late").thingTypeName("legacy")));
        });
    }

    /** An emulator on the data directory and an {@code IotClient} pointed at it. */
    private record Session(IotEmulator emulator, IotClient iot) {}

    /**
     * Runs {@code before} on an emulator with the data directory, stops it, and runs {@code after} on a new one
     * started on the same directory with what {@code before} returned.
     */
    private <T> void acrossARestart(Function<Session, T> before, BiConsumer<Session, T> after) {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(dataDirectory).build();
        T made;
        try (IotEmulator first = IotEmulator.start(config); IotClient iot = ControlPlane.iotClient(first)) {
            made = before.apply(new Session(first, iot));
        }
        try (IotEmulator second = IotEmulator.start(config); IotClient iot = ControlPlane.iotClient(second)) {
            after.accept(new Session(second, iot), made);
        }
    }

    private static String status(IotClient iot, String certificateId) {
        return iot.describeCertificate(b -> b.certificateId(certificateId)).certificateDescription().statusAsString();
    }
}
