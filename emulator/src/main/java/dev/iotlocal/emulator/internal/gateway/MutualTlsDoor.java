package dev.iotlocal.emulator.internal.gateway;

import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.registry.CertificateRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * AWS IoT's mutual-TLS door (its port 8883). The broker's TLS listener has already verified the client certificate
 * against the emulator CA during the handshake; here it must also be registered and ACTIVE, as in AWS IoT.
 */
public final class MutualTlsDoor implements ListenerDoor {

    private final CertificateRegistry certificates;
    private final String accountId;
    private final String region;
    private final Clock clock;

    public MutualTlsDoor(CertificateRegistry certificates, String accountId, String region, Clock clock) {
        this.certificates = certificates;
        this.accountId = accountId;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Admission admit(Arrival arrival) {
        if (arrival.clientCertificate().isEmpty()) {
            return new Admission.Refused("", "no client certificate was presented");
        }
        X509Certificate presented = arrival.clientCertificate().get();
        String certificateId = CertificateRegistry.certificateId(presented);
        Optional<CertificateRegistry.Registration> registration = certificates.lookup(presented);
        if (registration.isEmpty()) {
            return new Admission.Refused(certificateId, "certificate " + certificateId + " is signed by the emulator CA but not registered");
        }
        CertificateStatus status = registration.get().status;
        if (status != CertificateStatus.ACTIVE) {
            return new Admission.Refused(certificateId, "certificate " + certificateId + " is " + status);
        }
        Principal principal = new Principal(Principal.Kind.CERTIFICATE, certificateId, accountId, region, Optional.empty(),
                Optional.of(registration.get().thingName), arrival.sourceAddress());
        return new Admission.Admitted(new ConnectionContext(principal, UUID.randomUUID().toString(), Door.MUTUAL_TLS,
                arrival.sourceAddress(), clock.instant(), Optional.empty()), Optional.empty());
    }
}
