package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import dev.iotlocal.emulator.internal.events.LifecycleEvents;
import dev.iotlocal.emulator.rules.AwsIotRule;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Replaces HiveMQ's allow-all default: a connection gets a principal from the door (listener) it came
 * through, or it is refused the way AWS IoT refuses it (MQTT 5: CONNACK with a reason code; MQTT 3.1.1:
 * the connection is closed without CONNACK). Then the CONNECT-time rules apply.
 */
final class ConnectionAuthenticator implements SimpleAuthenticator {

    private final Map<String, PrincipalResolver> resolversByListener;
    private final RuleBook ruleBook;
    private final ConnectionRegistry connections;
    private final Enforcement enforcement;
    private final LifecycleEvents events;
    private final BrokerControl control;

    ConnectionAuthenticator(Map<String, PrincipalResolver> resolversByListener, RuleBook ruleBook, ConnectionRegistry connections,
                            Enforcement enforcement, LifecycleEvents events, BrokerControl control) {
        this.control = control;
        this.resolversByListener = Map.copyOf(resolversByListener);
        this.ruleBook = ruleBook;
        this.connections = connections;
        this.enforcement = enforcement;
        this.events = events;
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        if (control.isWithheld(input.getConnectionInformation().getConnectionAttributeStore())) {
            // a fault: no answer, the client's connect times out
            control.withhold(output.async(Duration.ofMinutes(5), TimeoutFallback.FAILURE, ConnackReasonCode.UNSPECIFIED_ERROR));
            return;
        }
        ConnectPacket connect = input.getConnectPacket();
        String clientId = input.getClientInformation().getClientId();
        boolean mqtt5 = connect.getMqttVersion() == MqttVersion.V_5;
        String listenerName = input.getConnectionInformation().getListener().map(Listener::getName).orElse("");
        PrincipalResolver resolver = resolversByListener.get(listenerName);
        PrincipalResolver.Resolution resolution = resolver == null
                ? PrincipalResolver.Resolution.refused("", "listener '" + listenerName + "' is not a door of the emulator")
                : resolver.resolve(input);

        if (resolution.principal() == null) {
            String address = input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse("");
            enforcement.violated(null, clientId, AwsIotRule.NOT_AUTHORIZED, resolution.refusal());
            events.connectFailed(clientId, UUID.randomUUID().toString(), resolution.principalIdentifier(), address, resolution.refusal());
            refuse(output, mqtt5, ConnackReasonCode.NOT_AUTHORIZED, "Not authorized");
            return;
        }

        Refusal refusal = ConnectRefusals.take(input.getConnectionInformation().getConnectionAttributeStore());
        if (refusal == null) {
            refusal = ruleBook.checkClientId(clientId);
        }
        if (refusal == null && connect.getWillPublish().isPresent()) {
            WillPublishPacket will = connect.getWillPublish().get();
            refusal = ruleBook.checkWillTopic(will.getTopic(), will.getRetain());
        }
        if (refusal != null) {
            enforcement.violated(resolution.principal(), clientId, refusal.rule(), refusal.detail());
            refuse(output, mqtt5, ConnackReasonCode.valueOf(refusal.disconnectReasonCode().name()), refusal.detail());
            return;
        }

        connections.open(input, resolution.sessionIdentifier(), clientId, resolution.principal(), mqtt5, connect.getCleanStart());
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
