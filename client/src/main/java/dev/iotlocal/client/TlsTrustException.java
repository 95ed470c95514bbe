package dev.iotlocal.client;

/**
 * A TLS handshake failed: usually this client does not trust the server's certificate (IoT Local's CA must
 * be configured with {@code aws-iot.override.ca-certificate}); for a device, the server may also have
 * refused the device's certificate. Expect it late: aws-crt's TLS library (s2n) reports a failed handshake
 * only after a deliberate delay of 10 to 30 seconds.
 */
public final class TlsTrustException extends IotClientException {

    private static final long serialVersionUID = 1L;

    public TlsTrustException(Step step, String message, Throwable cause) {
        super(step, message, cause);
    }
}
