package dev.iotlocal.emulator.identity;

/**
 * The status of a device certificate, as AWS IoT's {@code CertificateStatus} names it. Only {@link #ACTIVE}
 * certificates may connect. A certificate that leaves ACTIVE while the emulator runs has its live connections
 * dropped, and the next connection attempt sees the new status (AWS IoT disconnects such devices within minutes).
 */
public enum CertificateStatus {
    /** The certificate may connect. */
    ACTIVE,
    /** The certificate is registered but may not connect until it is activated again. */
    INACTIVE,
    /** The certificate is revoked and may never connect again; its status cannot change any more. */
    REVOKED,
    /**
     * The certificate is being transferred to another account ({@code TransferCertificate}, which the emulator does
     * not serve). AWS IoT keeps it for its own use: neither registration nor {@code UpdateCertificate} may set it.
     */
    PENDING_TRANSFER,
    /** Deprecated by AWS IoT: registered but not active, like {@link #INACTIVE}; the certificate may not connect. */
    REGISTER_INACTIVE,
    /**
     * Registered by AWS IoT's just-in-time registration and waiting to be activated. AWS IoT keeps it for its own use:
     * neither registration nor {@code UpdateCertificate} may set it.
     */
    PENDING_ACTIVATION
}
