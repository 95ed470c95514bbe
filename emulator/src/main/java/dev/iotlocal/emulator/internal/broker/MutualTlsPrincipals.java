package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.registry.CertificateRegistry;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The mutual-TLS door: HiveMQ's TLS listener has already verified the client certificate against the
 * emulator CA; here it must also be registered and ACTIVE, as in AWS IoT.
 */
public final class MutualTlsPrincipals implements PrincipalResolver {

    private final CertificateRegistry certificates;
    private final String accountId;
    private final String region;

    public MutualTlsPrincipals(CertificateRegistry certificates, String accountId, String region) {
        this.certificates = certificates;
        this.accountId = accountId;
        this.region = region;
    }

    @Override
    public Resolution resolve(SimpleAuthInput input) {
        Optional<X509Certificate> presented = input.getConnectionInformation().getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificate);
        if (presented.isEmpty()) {
            return Resolution.refused("", "no client certificate was presented");
        }
        String certificateId = CertificateRegistry.certificateId(presented.get());
        Optional<CertificateRegistry.Registration> registration = certificates.lookup(presented.get());
        if (registration.isEmpty()) {
            return Resolution.refused(certificateId, "certificate " + certificateId + " is signed by the emulator CA but not registered");
        }
        CertificateStatus status = registration.get().status;
        if (status != CertificateStatus.ACTIVE) {
            return Resolution.refused(certificateId, "certificate " + certificateId + " is " + status);
        }
        String address = input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse("");
        return Resolution.of(new Principal(Principal.Kind.CERTIFICATE, certificateId, accountId, region,
                Optional.empty(), Optional.of(registration.get().thingName), address));
    }
}
