package dev.iotlocal.emulator;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/** With a data directory, the CA and the account's certificates survive a restart. */
@ExtendWith(CrtResources.class)
class PersistentDataDirectoryTest {

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
    void certificatesFromTheControlPlaneAreDescribedAlikeAfterARestart() {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(dataDirectory).build();
        CreateKeysAndCertificateResponse created;
        CertificateDescription before;
        try (IotEmulator first = IotEmulator.start(config); IotClient iot = ControlPlane.iotClient(first)) {
            created = iot.createKeysAndCertificate(b -> b.setAsActive(true));
            before = iot.describeCertificate(b -> b.certificateId(created.certificateId())).certificateDescription();
        }

        try (IotEmulator second = IotEmulator.start(config); IotClient iot = ControlPlane.iotClient(second)) {
            assertThat(iot.describeCertificate(b -> b.certificateId(created.certificateId())).certificateDescription()).isEqualTo(before);
            DeviceCertificate device = new DeviceCertificate(created.certificateId(), "restarted", created.certificatePem(),
                    Optional.of(created.keyPair().privateKey()));
            try (Mqtt5Device client = Mqtt5Device.of(second, device, "restarted")) {
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
}
