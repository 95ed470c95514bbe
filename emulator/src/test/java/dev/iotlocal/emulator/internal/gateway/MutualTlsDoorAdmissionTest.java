package dev.iotlocal.emulator.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.Certificates;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mutual-TLS door's decision for a certificate the TLS handshake let through, read from the account's
 * certificates. (Certificates of another CA do not pass the broker's handshake yet; the door already admits them
 * when they are registered ACTIVE.)
 */
class MutualTlsDoorAdmissionTest {

    private final AccountRegistry account = new AccountRegistry("123456789012", "eu-west-1", CertificateAuthority.generate(), null,
            Clock.systemUTC());
    private final Certificates certificates = account.certificates();
    private final MutualTlsDoor door = new MutualTlsDoor(certificates, "123456789012", "eu-west-1", Clock.systemUTC());

    @Test
    void aCertificateOfAnotherCaRegisteredActiveIsAdmittedWithoutAThing() {
        X509Certificate foreign = CertificateAuthority.generate().issueDeviceCertificate(EcKeys.generate().getPublic());
        String id = certificates.registerWithoutCa(Pem.encode(foreign), CertificateStatus.ACTIVE).certificateId();

        Admission admission = door.admit(arrival(foreign));

        assertThat(admission).isInstanceOfSatisfying(Admission.Admitted.class, admitted -> {
            Principal principal = admitted.context().principal();
            assertThat(principal.kind()).isEqualTo(Principal.Kind.CERTIFICATE);
            assertThat(principal.id()).isEqualTo(id);
            assertThat(principal.thingName()).isEmpty();
        });
    }

    @Test
    void anIssuedCertificateIsAdmittedWithItsThing() {
        DeviceCertificate issued = certificates.issue("boiler");

        Admission admission = door.admit(arrival(Pem.certificate(issued.certificatePem())));

        assertThat(admission).isInstanceOfSatisfying(Admission.Admitted.class, admitted ->
                assertThat(admitted.context().principal().thingName()).contains("boiler"));
    }

    @Test
    void aCertificateMadeInactiveIsRefusedWithItsStatus() {
        DeviceCertificate issued = certificates.issue("benched");
        certificates.setStatus(issued.certificateId(), CertificateStatus.INACTIVE);

        Admission admission = door.admit(arrival(Pem.certificate(issued.certificatePem())));

        assertThat(admission).isEqualTo(new Admission.Refused(issued.certificateId(),
                "certificate " + issued.certificateId() + " is INACTIVE"));
    }

    private static ListenerDoor.Arrival arrival(X509Certificate certificate) {
        return new ListenerDoor.Arrival("127.0.0.1", Optional.of(certificate), Optional.empty());
    }
}
