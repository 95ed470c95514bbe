package dev.iotlocal.emulator.identity;

import java.util.Optional;

/**
 * The emulator's certificate authority and the account's certificates: what AWS IoT's certificate APIs do for
 * devices that connect over mutual TLS. It is the same registry the AWS IoT control plane ({@code IotClient})
 * manages and the mutual-TLS door checks, so a certificate issued here is listed there with its thing, and a status
 * changed there applies here. Implementations are thread-safe.
 */
public interface DeviceCertificates {

    /**
     * Creates a key pair and a certificate for a thing, signed by the emulator's CA and registered
     * {@link CertificateStatus#ACTIVE}, like {@code CreateKeysAndCertificate --set-as-active}; makes the thing if there
     * is none of that name and attaches the certificate to it ({@code AttachThingPrincipal}, non-exclusive).
     *
     * @throws IllegalArgumentException if {@code thingName} is not a valid AWS IoT thing name
     */
    DeviceCertificate issue(String thingName);

    /**
     * Signs a PKCS#10 certificate signing request (PEM) and registers the certificate ACTIVE, like
     * {@code CreateCertificateFromCsr --set-as-active}, attached to the thing as {@link #issue} does. The private key
     * never leaves the caller.
     *
     * @throws IllegalArgumentException if the CSR cannot be parsed or its signature does not verify, or if
     *                                  {@code thingName} is not a valid AWS IoT thing name
     */
    DeviceCertificate registerFromCsr(String csrPem, String thingName);

    /**
     * Changes a certificate's status, as {@code UpdateCertificate} does: a certificate that leaves
     * {@link CertificateStatus#ACTIVE} has its live connections dropped, and the next connection attempt sees the new
     * status.
     *
     * @throws IllegalArgumentException if no certificate has that id, or for a status AWS IoT keeps for itself
     *                                  ({@link CertificateStatus#PENDING_TRANSFER}, {@link CertificateStatus#PENDING_ACTIVATION})
     * @throws IllegalStateException    if the certificate is {@link CertificateStatus#REVOKED}
     */
    void setStatus(String certificateId, CertificateStatus status);

    /** The status of a registered certificate, or empty if no certificate has that id. */
    Optional<CertificateStatus> status(String certificateId);

    /** The emulator CA's certificate in PEM form: what devices and servers must trust. */
    String caCertificatePem();
}
