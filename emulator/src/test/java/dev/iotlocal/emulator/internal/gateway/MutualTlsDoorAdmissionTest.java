package dev.iotlocal.emulator.internal.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.pki.EcKeys;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.AccountState.ThingPrincipalType;
import dev.iotlocal.emulator.internal.registry.Certificates;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The mutual-TLS door's decision for a certificate the TLS handshake let through, read from the account's
 * certificates: whether it may connect, and which thing the connection is associated with (AWS's rule: the thing a
 * certificate is attached to exclusively whatever the client id, else the thing the client id names if the
 * certificate is attached to it). (Certificates of another CA do not pass the broker's handshake yet; the door
 * already admits them when they are registered ACTIVE.)
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

        Admission admission = door.admit(arrival(foreign, "anyone"));

        assertThat(admission).isInstanceOfSatisfying(Admission.Admitted.class, admitted -> {
            Principal principal = admitted.context().principal();
            assertThat(principal.kind()).isEqualTo(Principal.Kind.CERTIFICATE);
            assertThat(principal.id()).isEqualTo(id);
            assertThat(principal.thingName()).isEmpty();
        });
    }

    @Test
    void aClientIdThatIsTheNameOfTheCertificatesThingAssociatesTheConnectionWithIt() {
        DeviceCertificate issued = certificates.issue("boiler");

        assertThat(thingOf(door.admit(arrival(Pem.certificate(issued.certificatePem()), "boiler")))).contains("boiler");
    }

    @Test
    void aNonExclusiveAttachmentGivesNoThingToAnotherClientId() {
        DeviceCertificate issued = certificates.issue("boiler");

        assertThat(thingOf(door.admit(arrival(Pem.certificate(issued.certificatePem()), "boiler-test-rig")))).isEmpty();
    }

    @Test
    void theClientIdPicksOneOfTheThingsACertificateIsAttachedTo() {
        DeviceCertificate issued = certificates.issue("kitchen");
        account.things().create("hall", null, Map.of(), null);
        account.things().attach("hall", arn(issued), ThingPrincipalType.NON_EXCLUSIVE_THING);

        assertThat(thingOf(door.admit(arrival(Pem.certificate(issued.certificatePem()), "hall")))).contains("hall");
        assertThat(thingOf(door.admit(arrival(Pem.certificate(issued.certificatePem()), "kitchen")))).contains("kitchen");
    }

    @Test
    void anExclusiveAttachmentGivesItsThingWhateverTheClientId() {
        X509Certificate certificate = CertificateAuthority.generate().issueDeviceCertificate(EcKeys.generate().getPublic());
        String arn = certificates.registerWithoutCa(Pem.encode(certificate), CertificateStatus.ACTIVE).certificateArn();
        account.things().create("meter", null, Map.of(), null);
        account.things().attach("meter", arn, ThingPrincipalType.EXCLUSIVE_THING);

        assertThat(thingOf(door.admit(arrival(certificate, "meter-7f3a")))).contains("meter");
    }

    @Test
    void aCertificateMadeInactiveIsRefusedWithItsStatus() {
        DeviceCertificate issued = certificates.issue("benched");
        certificates.setStatus(issued.certificateId(), CertificateStatus.INACTIVE);

        Admission admission = door.admit(arrival(Pem.certificate(issued.certificatePem()), "benched"));

        assertThat(admission).isEqualTo(new Admission.Refused(issued.certificateId(),
                "certificate " + issued.certificateId() + " is INACTIVE"));
    }

    private String arn(DeviceCertificate certificate) {
        return account.arn("cert", certificate.certificateId());
    }

    private static Optional<String> thingOf(Admission admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return ((Admission.Admitted) admission).context().principal().thingName();
    }

    private static ListenerDoor.Arrival arrival(X509Certificate certificate, String clientId) {
        return new ListenerDoor.Arrival("127.0.0.1", Optional.of(certificate), Optional.empty(), clientId);
    }
}
