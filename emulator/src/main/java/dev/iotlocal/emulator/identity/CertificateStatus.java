package dev.iotlocal.emulator.identity;

/**
 * The status of a device certificate, as in AWS IoT's {@code UpdateCertificate}. Only {@link #ACTIVE}
 * certificates may connect; the status can be changed while the emulator runs and applies to the next
 * connection attempt (AWS also leaves live connections alone).
 */
public enum CertificateStatus {
    /** The certificate may connect. */
    ACTIVE,
    /** The certificate is registered but may not connect until it is activated again. */
    INACTIVE,
    /** The certificate is revoked and may never connect again. */
    REVOKED
}
