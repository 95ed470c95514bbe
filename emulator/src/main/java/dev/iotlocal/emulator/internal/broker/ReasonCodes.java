package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import dev.iotlocal.emulator.internal.rules.MqttReasonCode;
import dev.iotlocal.emulator.journal.DisconnectReason;

/**
 * Between the emulator's reason codes and HiveMQ's, one explicit mapping per packet type: a switch over every value,
 * so the compiler finds a code without a counterpart, where a lookup by name would fail at run time.
 */
final class ReasonCodes {

    private ReasonCodes() {}

    /** For a refused CONNECT; codes a CONNACK cannot carry become Unspecified error. */
    static ConnackReasonCode connack(MqttReasonCode code) {
        return switch (code) {
            case CLIENT_IDENTIFIER_NOT_VALID -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case NOT_AUTHORIZED -> ConnackReasonCode.NOT_AUTHORIZED;
            case TOPIC_NAME_INVALID -> ConnackReasonCode.TOPIC_NAME_INVALID;
            case PACKET_TOO_LARGE -> ConnackReasonCode.PACKET_TOO_LARGE;
            case QUOTA_EXCEEDED -> ConnackReasonCode.QUOTA_EXCEEDED;
            case RETAIN_NOT_SUPPORTED -> ConnackReasonCode.RETAIN_NOT_SUPPORTED;
            case QOS_NOT_SUPPORTED -> ConnackReasonCode.QOS_NOT_SUPPORTED;
            case PROTOCOL_ERROR -> ConnackReasonCode.PROTOCOL_ERROR;
            case UNSPECIFIED_ERROR, SERVER_SHUTTING_DOWN, KEEP_ALIVE_TIMEOUT, SESSION_TAKEN_OVER, TOPIC_FILTER_INVALID,
                    ADMINISTRATIVE_ACTION, MAXIMUM_CONNECT_TIME, SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED -> ConnackReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /** For a DISCONNECT the broker sends. */
    static DisconnectReasonCode disconnect(MqttReasonCode code) {
        return switch (code) {
            case UNSPECIFIED_ERROR, CLIENT_IDENTIFIER_NOT_VALID -> DisconnectReasonCode.UNSPECIFIED_ERROR;
            case PROTOCOL_ERROR -> DisconnectReasonCode.PROTOCOL_ERROR;
            case NOT_AUTHORIZED -> DisconnectReasonCode.NOT_AUTHORIZED;
            case SERVER_SHUTTING_DOWN -> DisconnectReasonCode.SERVER_SHUTTING_DOWN;
            case KEEP_ALIVE_TIMEOUT -> DisconnectReasonCode.KEEP_ALIVE_TIMEOUT;
            case SESSION_TAKEN_OVER -> DisconnectReasonCode.SESSION_TAKEN_OVER;
            case TOPIC_FILTER_INVALID -> DisconnectReasonCode.TOPIC_FILTER_INVALID;
            case TOPIC_NAME_INVALID -> DisconnectReasonCode.TOPIC_NAME_INVALID;
            case PACKET_TOO_LARGE -> DisconnectReasonCode.PACKET_TOO_LARGE;
            case QUOTA_EXCEEDED -> DisconnectReasonCode.QUOTA_EXCEEDED;
            case ADMINISTRATIVE_ACTION -> DisconnectReasonCode.ADMINISTRATIVE_ACTION;
            case RETAIN_NOT_SUPPORTED -> DisconnectReasonCode.RETAIN_NOT_SUPPORTED;
            case QOS_NOT_SUPPORTED -> DisconnectReasonCode.QOS_NOT_SUPPORTED;
            case MAXIMUM_CONNECT_TIME -> DisconnectReasonCode.MAXIMUM_CONNECT_TIME;
            case SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED -> DisconnectReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED;
        };
    }

    /** For a PUBLISH refused in its PUBACK (only policy denials are); other codes become Unspecified error. */
    static AckReasonCode puback(MqttReasonCode code) {
        return code == MqttReasonCode.NOT_AUTHORIZED ? AckReasonCode.NOT_AUTHORIZED : AckReasonCode.UNSPECIFIED_ERROR;
    }

    /** For one filter refused in a SUBACK; codes a SUBACK cannot carry become Unspecified error. */
    static SubackReasonCode suback(MqttReasonCode code) {
        return switch (code) {
            case NOT_AUTHORIZED -> SubackReasonCode.NOT_AUTHORIZED;
            case TOPIC_FILTER_INVALID -> SubackReasonCode.TOPIC_FILTER_INVALID;
            case QUOTA_EXCEEDED -> SubackReasonCode.QUOTA_EXCEEDED;
            case SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED -> SubackReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED;
            case UNSPECIFIED_ERROR, PROTOCOL_ERROR, CLIENT_IDENTIFIER_NOT_VALID, SERVER_SHUTTING_DOWN, KEEP_ALIVE_TIMEOUT,
                    SESSION_TAKEN_OVER, TOPIC_NAME_INVALID, PACKET_TOO_LARGE, ADMINISTRATIVE_ACTION, RETAIN_NOT_SUPPORTED,
                    QOS_NOT_SUPPORTED, MAXIMUM_CONNECT_TIME -> SubackReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /** The MQTT 5 code a client gets when the emulator disconnects it for a lifecycle reason (faults, reset). */
    static MqttReasonCode forDisconnect(DisconnectReason reason) {
        return switch (reason) {
            case API_INITIATED_DISCONNECT -> MqttReasonCode.ADMINISTRATIVE_ACTION;
            case DUPLICATE_CLIENTID -> MqttReasonCode.SESSION_TAKEN_OVER;
            case MQTT_KEEP_ALIVE_TIMEOUT -> MqttReasonCode.KEEP_ALIVE_TIMEOUT;
            case THROTTLED -> MqttReasonCode.QUOTA_EXCEEDED;
            case AUTH_ERROR, FORBIDDEN_ACCESS -> MqttReasonCode.NOT_AUTHORIZED;
            case CLIENT_ERROR -> MqttReasonCode.PROTOCOL_ERROR;
            case SERVER_INITIATED_DISCONNECT -> MqttReasonCode.SERVER_SHUTTING_DOWN;
            case WEBSOCKET_TTL_EXPIRATION, CUSTOMAUTH_TTL_EXPIRATION -> MqttReasonCode.MAXIMUM_CONNECT_TIME;
            case CLIENT_INITIATED_DISCONNECT, CONNECTION_LOST, SERVER_ERROR -> MqttReasonCode.UNSPECIFIED_ERROR;
        };
    }

    /** The code of a disconnect the broker made by itself, as far as the emulator's codes name it; null otherwise. */
    static MqttReasonCode of(DisconnectedReasonCode code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case QOS_NOT_SUPPORTED -> MqttReasonCode.QOS_NOT_SUPPORTED;
            case RETAIN_NOT_SUPPORTED -> MqttReasonCode.RETAIN_NOT_SUPPORTED;
            case PACKET_TOO_LARGE -> MqttReasonCode.PACKET_TOO_LARGE;
            case SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED -> MqttReasonCode.SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED;
            case TOPIC_NAME_INVALID -> MqttReasonCode.TOPIC_NAME_INVALID;
            case TOPIC_FILTER_INVALID -> MqttReasonCode.TOPIC_FILTER_INVALID;
            case QUOTA_EXCEEDED -> MqttReasonCode.QUOTA_EXCEEDED;
            case NOT_AUTHORIZED -> MqttReasonCode.NOT_AUTHORIZED;
            case PROTOCOL_ERROR -> MqttReasonCode.PROTOCOL_ERROR;
            default -> null;
        };
    }

    /** AWS IoT's {@code disconnectReason} for a disconnect the broker made, when no rule or fault decided one. */
    static DisconnectReason lifecycleReason(DisconnectedReasonCode code) {
        if (code == null) {
            return DisconnectReason.SERVER_INITIATED_DISCONNECT;
        }
        return switch (code) {
            case SESSION_TAKEN_OVER -> DisconnectReason.DUPLICATE_CLIENTID;
            case KEEP_ALIVE_TIMEOUT -> DisconnectReason.MQTT_KEEP_ALIVE_TIMEOUT;
            case NOT_AUTHORIZED, BAD_AUTHENTICATION_METHOD -> DisconnectReason.AUTH_ERROR;
            case MALFORMED_PACKET, PROTOCOL_ERROR, PACKET_TOO_LARGE, TOPIC_NAME_INVALID, TOPIC_FILTER_INVALID,
                    TOPIC_ALIAS_INVALID, RECEIVE_MAXIMUM_EXCEEDED, RETAIN_NOT_SUPPORTED, QOS_NOT_SUPPORTED,
                    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED, PAYLOAD_FORMAT_INVALID -> DisconnectReason.CLIENT_ERROR;
            case QUOTA_EXCEEDED, MESSAGE_RATE_TOO_HIGH -> DisconnectReason.THROTTLED;
            case ADMINISTRATIVE_ACTION -> DisconnectReason.API_INITIATED_DISCONNECT;
            default -> DisconnectReason.SERVER_INITIATED_DISCONNECT;
        };
    }
}
