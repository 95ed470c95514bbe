package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ClientInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionLostInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ServerInitiatedDisconnectInput;
import com.hivemq.extension.sdk.api.packets.general.DisconnectedReasonCode;
import dev.iotlocal.emulator.internal.events.LifecycleEvents;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.rules.AwsIotRule;
import dev.iotlocal.emulator.rules.AwsIotRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns HiveMQ's client lifecycle into AWS IoT's {@code connected}/{@code disconnected} events with AWS's
 * {@code disconnectReason}s. Some rules are enforced by HiveMQ's own configuration (RETAIN refused, packet
 * size, subscription identifiers, maximum QoS); their disconnects are recognised here and recorded as violations.
 */
final class LifecycleListener implements ClientLifecycleEventListener {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.connections");

    private final ConnectionRegistry connections;
    private final Enforcement enforcement;
    private final LifecycleEvents events;

    LifecycleListener(ConnectionRegistry connections, Enforcement enforcement, LifecycleEvents events) {
        this.connections = connections;
        this.enforcement = enforcement;
        this.events = events;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // nothing is known about the client until the authenticator has run
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        Connection connection = connections.of(input);
        if (connection == null) {
            return;
        }
        connection.markConnected();
        // the door saw the client's address; behind the WSS door the broker only sees the door's
        events.connected(connection.clientId(), connection.sessionIdentifier(), connection.principal().principalIdentifier(),
                connection.principal().sourceAddress(), connection.versionNumber());
    }

    @Override
    public void onClientInitiatedDisconnect(ClientInitiatedDisconnectInput input) {
        finish(input, DisconnectReason.CLIENT_INITIATED_DISCONNECT);
    }

    @Override
    public void onConnectionLost(ConnectionLostInput input) {
        finish(input, DisconnectReason.CONNECTION_LOST);
    }

    @Override
    public void onServerInitiatedDisconnect(ServerInitiatedDisconnectInput input) {
        Connection connection = connections.of(input);
        DisconnectedReasonCode code = input.getReasonCode().orElse(null);
        LOG.debug("Broker disconnected client '{}': {} {}", input.getClientInformation().getClientId(), code,
                input.getReasonString().orElse(""));
        if (connection != null && connection.decidedDisconnectReason() == null) {
            recordViolationEnforcedByHiveMq(connection, code, input.getReasonString().orElse(""));
        }
        finish(input, reasonFor(code));
    }

    @Override
    public void onDisconnect(DisconnectEventInput input) {
        finish(input, DisconnectReason.CONNECTION_LOST);
    }

    private void finish(DisconnectEventInput input, DisconnectReason observed) {
        Connection connection = connections.of(input);
        if (connection == null) {
            return;
        }
        connections.close(connection);
        if (!connection.connected()) {
            return;
        }
        DisconnectReason decided = connection.decidedDisconnectReason();
        events.disconnected(connection.clientId(), connection.sessionIdentifier(), connection.principal().principalIdentifier(),
                decided != null ? decided : observed, connection.versionNumber());
    }

    private void recordViolationEnforcedByHiveMq(Connection connection, DisconnectedReasonCode code, String reasonString) {
        if (code == null) {
            return;
        }
        String because = reasonString.isEmpty() ? "" : " (broker: " + reasonString + ")";
        switch (code) {
            case RETAIN_NOT_SUPPORTED -> violated(connection, AwsIotRule.RETAIN_NOT_SUPPORTED,
                    "PUBLISH with RETAIN set; retained messages are not supported (AWS IoT before September 2021)" + because);
            case PACKET_TOO_LARGE -> violated(connection, AwsIotRule.PACKET_TOO_LARGE,
                    "packet larger than AWS IoT's maximum of " + AwsIotRules.MAXIMUM_PACKET_SIZE + " bytes" + because);
            case SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED -> violated(connection, AwsIotRule.SUBSCRIPTION_IDENTIFIER_NOT_SUPPORTED,
                    "SUBSCRIBE with a subscription identifier; AWS IoT does not support them" + because);
            case QOS_NOT_SUPPORTED -> violated(connection, AwsIotRule.QOS_2_NOT_SUPPORTED,
                    "QoS 2; AWS IoT supports QoS 0 and 1 only" + because);
            default -> {
                // not one of AWS IoT's rules: a protocol error HiveMQ found
            }
        }
    }

    private void violated(Connection connection, AwsIotRule rule, String detail) {
        connection.decideDisconnectReason(DisconnectReason.CLIENT_ERROR);
        enforcement.violated(connection.principal(), connection.clientId(), rule, detail);
    }

    private static DisconnectReason reasonFor(DisconnectedReasonCode code) {
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
