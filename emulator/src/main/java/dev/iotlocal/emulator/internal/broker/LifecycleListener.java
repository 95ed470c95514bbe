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
import dev.iotlocal.emulator.internal.gateway.ConnectionContext;
import dev.iotlocal.emulator.internal.rules.MqttReasonCode;
import dev.iotlocal.emulator.internal.rules.Refusal;
import dev.iotlocal.emulator.journal.DisconnectReason;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns HiveMQ's client lifecycle into AWS IoT's {@code connected}/{@code disconnected} events with AWS's
 * {@code disconnectReason}s, and ends each connection's record. The reason is the one a check or fault decided, or
 * the WebSocket time to live when the connection's context says it ran out, or the one HiveMQ's own disconnect
 * stands for. Disconnects HiveMQ makes by itself for a rule its settings enforce are recognised by the
 * {@link Pipeline} and recorded as violations.
 */
final class LifecycleListener implements ClientLifecycleEventListener {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.connections");

    private final BrokerControl control;
    private final Pipeline pipeline;
    private final ConnectionRegistry connections;
    private final Violations violations;
    private final LifecycleEvents events;
    private final Clock clock;

    LifecycleListener(Pipeline pipeline, ConnectionRegistry connections, Violations violations, LifecycleEvents events,
                      BrokerControl control, Clock clock) {
        this.control = control;
        this.pipeline = pipeline;
        this.connections = connections;
        this.violations = violations;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void onMqttConnectionStart(ConnectionStartInput input) {
        // nothing is known about the client until the CONNECT interceptor has run
    }

    @Override
    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput input) {
        Connection connection = connections.of(input);
        if (connection == null) {
            return;
        }
        connection.markConnected();
        ConnectionContext context = connection.admitted();
        events.connected(connection.clientId(), context.sessionIdentifier(), context.principal().principalIdentifier(),
                context.sourceAddress(), connection.versionNumber());
        if (connection.revoked()) {
            control.disconnectRevoked(connection);
        }
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
        String reasonString = input.getReasonString().orElse("");
        LOG.debug("Broker disconnected client '{}': {} {}", input.getClientInformation().getClientId(), code, reasonString);
        if (connection != null && connection.connected() && connection.decidedDisconnectReason() == null) {
            MqttReasonCode ours = ReasonCodes.of(code);
            Refusal enforcedByTheBroker = ours == null ? null
                    : pipeline.recognise(ours, reasonString.isEmpty() ? "" : " (broker: " + reasonString + ")");
            if (enforcedByTheBroker != null) {
                violations.disconnecting(connection, enforcedByTheBroker);
            }
        }
        finish(input, ReasonCodes.lifecycleReason(code));
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
        ConnectionContext context = connection.admitted();
        DisconnectReason reason = connection.decidedDisconnectReason();
        if (reason == null) {
            reason = observed != DisconnectReason.CLIENT_INITIATED_DISCONNECT && context.closedByItsDoorAt(clock.instant())
                    ? DisconnectReason.WEBSOCKET_TTL_EXPIRATION
                    : observed;
        }
        events.disconnected(connection.clientId(), context.sessionIdentifier(), context.principal().principalIdentifier(), reason,
                connection.versionNumber());
    }
}
