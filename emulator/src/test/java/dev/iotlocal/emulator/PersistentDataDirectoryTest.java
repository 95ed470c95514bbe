package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt5Device;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;

/** With a data directory, the CA and the certificate registry survive a restart. */
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
