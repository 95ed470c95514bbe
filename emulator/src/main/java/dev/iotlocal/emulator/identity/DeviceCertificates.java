package dev.iotlocal.emulator.identity;

import java.util.Optional;

/**
 * The emulator's certificate authority and certificate registry: what AWS IoT's certificate APIs do for
 * devices that connect over mutual TLS. Implementations are thread-safe.
 */
public interface DeviceCertificates {

    /**
     * Creates a key pair and a certificate for a thing, signed by the emulator's CA and registered
     * {@link CertificateStatus#ACTIVE}, like {@code CreateKeysAndCertificate --set-as-active}.
     */
    DeviceCertificate issue(String thingName);

    /**
     * Signs a PKCS#10 certificate signing request (PEM) and registers the certificate ACTIVE, like
     * {@code CreateCertificateFromCsr --set-as-active}. The private key never leaves the caller.
     *
     * @throws IllegalArgumentException if the CSR cannot be parsed or its signature does not verify
     */
    DeviceCertificate registerFromCsr(String csrPem, String thingName);

    /** Changes a certificate's status; the next connection attempt sees the new status. */
    void setStatus(String certificateId, CertificateStatus status);

    /** The status of a registered certificate, or empty if no certificate has that id. */
    Optional<CertificateStatus> status(String certificateId);

    /** The emulator CA's certificate in PEM form: what devices and servers must trust. */
    String caCertificatePem();
}
