package dev.iotlocal.emulator.internal.gateway;

import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.registry.AccountState.ThingPrincipalType;
import dev.iotlocal.emulator.internal.registry.Certificates;
import dev.iotlocal.emulator.internal.registry.Things;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * AWS IoT's mutual-TLS door (its port 8883). The broker's TLS listener has already verified the client certificate
 * against the emulator CA during the handshake; here it must also be one of the account's certificates and ACTIVE,
 * as in AWS IoT. The principal names the thing the connection is associated with, as AWS associates one
 * ({@code exclusive-thing.html}): the thing a certificate is attached to exclusively, whatever the client id; else the
 * thing named by the client id, if the certificate is attached to it.
 */
public final class MutualTlsDoor implements ListenerDoor {

    private final Certificates certificates;
    private final String accountId;
    private final String region;
    private final Clock clock;

    public MutualTlsDoor(Certificates certificates, String accountId, String region, Clock clock) {
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
        Optional<Certificates.Presented> registered = certificates.presented(presented);
        if (registered.isEmpty()) {
            String certificateId = Certificates.certificateId(presented);
            return new Admission.Refused(certificateId, "certificate " + certificateId + " is signed by the emulator CA but not registered");
        }
        String certificateId = registered.get().certificateId();
        CertificateStatus status = registered.get().status();
        if (status != CertificateStatus.ACTIVE) {
            return new Admission.Refused(certificateId, "certificate " + certificateId + " is " + status);
        }
        Principal principal = new Principal(Principal.Kind.CERTIFICATE, certificateId, accountId, region, Optional.empty(),
                thingOf(registered.get(), arrival.clientId()), arrival.sourceAddress());
        return new Admission.Admitted(new ConnectionContext(principal, UUID.randomUUID().toString(), Door.MUTUAL_TLS,
                arrival.sourceAddress(), clock.instant(), Optional.empty()), Optional.empty());
    }

    /** The thing of the connection; a certificate attached exclusively has no other thing, so at most one matches. */
    private static Optional<String> thingOf(Certificates.Presented certificate, String clientId) {
        return certificate.things().stream()
                .filter(attachment -> attachment.type() == ThingPrincipalType.EXCLUSIVE_THING || attachment.name().equals(clientId))
                .map(Things.Attachment::name)
                .findFirst();
    }
}
