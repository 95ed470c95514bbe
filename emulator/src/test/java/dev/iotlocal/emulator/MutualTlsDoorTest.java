package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.identity.DeviceCertificates;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.Certificates;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.support.Await;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.Mqtt311Device;
import dev.iotlocal.emulator.support.Mqtt5Device;
import dev.iotlocal.emulator.support.RawMqttClient;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.security.KeyPair;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;

/** The mutual-TLS door refuses what AWS IoT refuses: untrusted, unregistered, inactive and revoked certificates. */
@ExtendWith(CrtResources.class)
class MutualTlsDoorTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.defaults());

    @Test
    void certificateIdIsTheSha256OfTheDer() {
        DeviceCertificate certificate = running.get().certificates().issue("hashed");
        assertThat(certificate.certificateId())
                .matches("[0-9a-f]{64}")
                .isEqualTo(Certificates.certificateId(Pem.certificate(certificate.certificatePem())));
        assertThat(running.get().certificates().status(certificate.certificateId())).contains(CertificateStatus.ACTIVE);
    }

    @ParameterizedTest
    @EnumSource(value = CertificateStatus.class, names = {"INACTIVE", "REVOKED"})
    void mqtt5ClientWithANonActiveCertificateGetsConnackNotAuthorized(CertificateStatus status) {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("benched-" + status.name().toLowerCase());
        emulator.certificates().setStatus(certificate.certificateId(), status);

        try (Mqtt5Device device = Mqtt5Device.of(emulator, certificate, "benched")) {
            assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refusal ->
                    assertThat(refusal.connAck().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.NOT_AUTHORIZED));
        }
        RuleViolation violation = running.awaitViolation(v -> v.rule() == AwsIotRule.NOT_AUTHORIZED);
        assertThat(violation.detail()).contains(certificate.certificateId(), status.name());
    }

    @Test
    void mqtt311ClientWithAnInactiveCertificateGetsNoConnack() {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("benched311");
        emulator.certificates().setStatus(certificate.certificateId(), CertificateStatus.INACTIVE);

        try (RawMqttClient client = RawMqttClient.open(emulator, certificate, false)) {
            assertThat(client.connect("benched311", 60)).as("closed without CONNACK").isNull();
        }
        try (Mqtt311Device device = Mqtt311Device.of(emulator, certificate, "benched311")) {
            assertThatThrownBy(device::connect).isNotNull();
        }
    }

    @Test
    void reactivatedCertificateConnectsAgain() {
        IotEmulator emulator = running.get();
        DeviceCertificate certificate = emulator.certificates().issue("comeback");
        emulator.certificates().setStatus(certificate.certificateId(), CertificateStatus.INACTIVE);
        emulator.certificates().setStatus(certificate.certificateId(), CertificateStatus.ACTIVE);

        try (Mqtt5Device device = Mqtt5Device.of(emulator, certificate, "comeback")) {
            assertThat(device.connect().getReasonCode()).isEqualTo(ConnAckPacket.ConnectReasonCode.SUCCESS);
        }
    }

    @Test
    void revokedCertificateCannotBeActivatedAgain() {
        DeviceCertificates certificates = running.get().certificates();
        DeviceCertificate certificate = certificates.issue("gone-for-good");
        certificates.setStatus(certificate.certificateId(), CertificateStatus.REVOKED);

        assertThatThrownBy(() -> certificates.setStatus(certificate.certificateId(), CertificateStatus.ACTIVE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("revoked");
    }

    @Test
    void certificateFromAnotherCaFailsTheTlsHandshake() {
        IotEmulator emulator = running.get();
        CertificateAuthority stranger = CertificateAuthority.generate();
        KeyPair keyPair = EcKeys.generate();
        DeviceCertificate foreign = new DeviceCertificate("unknown", "stranger",
                Pem.encode(stranger.issueDeviceCertificate(keyPair.getPublic())), Optional.of(Pem.encodePrivateKey(keyPair.getPrivate())));

        try (Mqtt5Device device = Mqtt5Device.of(emulator, foreign, "stranger")) {
            assertThatThrownBy(device::connect).isInstanceOfSatisfying(Mqtt5Device.ConnectionRefused.class, refusal ->
                    assertThat(refusal.connAck()).as("no MQTT session at all").isNull());
        }
        assertThat(emulator.journal().lifecycleEvents()).isEmpty();
    }

    @Test
    void certificateSignedFromACsrConnectsWithTheDevicesOwnKey() throws Exception {
        IotEmulator emulator = running.get();
        KeyPair deviceKey = EcKeys.generate();
        String csr = Pem.encode(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=my-device"), deviceKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(deviceKey.getPrivate())));

        DeviceCertificate registered = emulator.certificates().registerFromCsr(csr, "csr-device");

        assertThat(registered.privateKeyPem()).isEmpty();
        DeviceCertificate withKey = new DeviceCertificate(registered.certificateId(), registered.thingName(),
                registered.certificatePem(), Optional.of(Pem.encodePrivateKey(deviceKey.getPrivate())));
        try (Mqtt311Device device = Mqtt311Device.of(emulator, withKey, "csr-device")) {
            assertThat(device.connect()).isFalse(); // no session present
        }
        assertThat(Await.result(java.util.concurrent.CompletableFuture.completedFuture(
                running.awaitEvent("connected", "csr-device").json()))).contains(registered.certificateId());
    }

    @Test
    void malformedCsrIsRejectedWithAReadableMessage() {
        assertThatThrownBy(() -> running.get().certificates().registerFromCsr("-----BEGIN CERTIFICATE REQUEST-----\nnope\n-----END CERTIFICATE REQUEST-----\n", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> running.get().certificates().issue("not a thing name"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("thing name");
    }
}
