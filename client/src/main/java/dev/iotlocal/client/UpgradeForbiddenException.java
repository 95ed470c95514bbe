package dev.iotlocal.client;

/**
 * AWS IoT refused the MQTT-over-WebSocket upgrade (HTTP 403): the SigV4 signature was not accepted, because
 * of clock skew over 5 minutes, a wrong signing region, or expired or foreign credentials.
 */
public final class UpgradeForbiddenException extends IotClientException {

    private static final long serialVersionUID = 1L;

    public UpgradeForbiddenException(String message, Throwable cause) {
        super(Step.MQTT_CONNECTION, message, cause);
    }
}
