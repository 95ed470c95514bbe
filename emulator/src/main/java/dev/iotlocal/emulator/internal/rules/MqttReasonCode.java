package dev.iotlocal.emulator.internal.rules;

/**
 * The MQTT 5 reason codes AWS IoT answers with when it refuses or ends something (CONNACK, SUBACK, DISCONNECT),
 * independent of the broker's own types; the broker maps each to its packet's code explicitly.
 */
public enum MqttReasonCode {
    UNSPECIFIED_ERROR(0x80),
    PROTOCOL_ERROR(0x82),
    CLIENT_IDENTIFIER_NOT_VALID(0x85),
    NOT_AUTHORIZED(0x87),
    SERVER_SHUTTING_DOWN(0x8B),
    KEEP_ALIVE_TIMEOUT(0x8D),
    SESSION_TAKEN_OVER(0x8E),
    TOPIC_FILTER_INVALID(0x8F),
    TOPIC_NAME_INVALID(0x90),
    PACKET_TOO_LARGE(0x95),
    QUOTA_EXCEEDED(0x97),
    ADMINISTRATIVE_ACTION(0x98),
    RETAIN_NOT_SUPPORTED(0x9A),
    QOS_NOT_SUPPORTED(0x9B),
    MAXIMUM_CONNECT_TIME(0xA0),
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED(0xA1);

    private final int code;

    MqttReasonCode(int code) {
        this.code = code;
    }

    /** The byte on the wire. */
    public int code() {
        return code;
    }
}
