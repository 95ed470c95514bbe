package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import dev.iotlocal.emulator.internal.events.LifecycleEvents;
import dev.iotlocal.emulator.internal.gateway.Admission;
import dev.iotlocal.emulator.internal.rules.Refusal;
import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;

/**
 * Replaces HiveMQ's allow-all default and answers each CONNECT with what the {@link ConnectInterceptor} settled: a
 * connection its door refused is refused as AWS IoT refuses it (MQTT 5: CONNACK 0x87; MQTT 3.1.1: the connection
 * closed without CONNACK) with a {@code connect_failed} event, one a CONNECT-time check refused gets that check's
 * code, and every other is accepted.
 */
final class ConnectionAuthenticator implements SimpleAuthenticator {

    private final ConnectionRegistry connections;
    private final Violations violations;
    private final LifecycleEvents events;
    private final BrokerControl control;

    ConnectionAuthenticator(ConnectionRegistry connections, Violations violations, LifecycleEvents events, BrokerControl control) {
        this.connections = connections;
        this.violations = violations;
        this.events = events;
        this.control = control;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        Connection connection = connections.of(input);
        if (connection == null) {
            // the interceptor sees every CONNECT first; without its record there is nothing to trust
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }
        if (connection.connackWithheld()) {
            // a fault: no answer, the client's connect times out
            control.withhold(output.async(Duration.ofMinutes(5), TimeoutFallback.FAILURE, ConnackReasonCode.UNSPECIFIED_ERROR));
            return;
        }
        if (connection.admission() instanceof Admission.Refused refused) {
            String address = input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse("");
            violations.notAuthorized(connection.clientId(), refused.reason());
            events.connectFailed(connection.clientId(), UUID.randomUUID().toString(), refused.principalIdentifier(), address, refused.reason());
            refuse(output, connection.mqtt5(), ConnackReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }
        Refusal refusal = connection.connectRefusal();
        if (refusal != null) {
            violations.refused(connection, refusal);
            if (refusal.denial() != null) {
                String address = input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse("");
                events.connectFailed(connection.clientId(), connection.admitted().sessionIdentifier(),
                        connection.principal().principalIdentifier(), address, refusal.detail());
            }
            refuse(output, connection.mqtt5(), ReasonCodes.connack(refusal.code()), refusal.detail());
            return;
        }
        if (connection.revoked()) {
            // its certificate left ACTIVE after the door let it in
            String reason = "certificate " + connection.principal().id() + " stopped being ACTIVE while it connected";
            String address = input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse("");
            violations.notAuthorized(connection.clientId(), reason);
            events.connectFailed(connection.clientId(), UUID.randomUUID().toString(), connection.principal().principalIdentifier(), address, reason);
            refuse(output, connection.mqtt5(), ConnackReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }
        connections.accept(connection);
        output.authenticateSuccessfully();
    }

    /** AWS IoT answers a refused MQTT 3.1.1 CONNECT by closing the connection, with no CONNACK. */
    private static void refuse(SimpleAuthOutput output, boolean mqtt5, ConnackReasonCode mqtt5Code, String reasonString) {
        if (mqtt5) {
            output.failAuthentication(mqtt5Code, reasonString);
        } else {
            // HiveMQ sends no MQTT 3 CONNACK for UNSPECIFIED_ERROR; it just closes the connection
            output.failAuthentication(ConnackReasonCode.UNSPECIFIED_ERROR, reasonString);
        }
    }
}
