package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.general.MqttVersion;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.ModifiableConnectPacket;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import dev.iotlocal.emulator.internal.gateway.Admission;
import dev.iotlocal.emulator.internal.gateway.ListenerDoor;
import dev.iotlocal.emulator.internal.policy.ConnectionAuthorization;
import dev.iotlocal.emulator.internal.policy.PolicyEvaluator;
import dev.iotlocal.emulator.internal.rules.Packets;
import dev.iotlocal.emulator.internal.rules.Refusal;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees every CONNECT first, and is where a connection's facts are settled once: the door behind the listener admits
 * it (for the WSS door, by redeeming the ticket in the password, whose place the client's own credentials take back),
 * the CONNECT-time checks decide, and the {@link Connection} every later hook reads is registered. It also changes
 * what AWS IoT changes at CONNECT (a keep-alive below its minimum is raised), and a Will that a check refuses is made
 * acceptable to HiveMQ, whose own settings would otherwise refuse it before authentication with an MQTT 3.1.1 CONNACK
 * that AWS IoT never sends; the authenticator then refuses the CONNECT as AWS does.
 */
final class ConnectInterceptor implements ConnectInboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.connections");

    private final Map<String, ListenerDoor> doorsByListener;
    private final Pipeline pipeline;
    private final ConnectionRegistry connections;
    private final BrokerControl control;
    private final PolicyEvaluator policies;

    /** @param policies the evaluator, or null when policies are not evaluated */
    ConnectInterceptor(Map<String, ListenerDoor> doorsByListener, Pipeline pipeline, ConnectionRegistry connections, BrokerControl control,
                       PolicyEvaluator policies) {
        this.policies = policies;
        this.doorsByListener = Map.copyOf(doorsByListener);
        this.pipeline = pipeline;
        this.connections = connections;
        this.control = control;
    }

    @Override
    public void onConnect(ConnectInboundInput input, ConnectInboundOutput output) {
        ConnectPacket sent = input.getConnectPacket();
        ModifiableConnectPacket connect = output.getConnectPacket();
        String clientId = input.getClientInformation().getClientId();
        boolean mqtt5 = sent.getMqttVersion() == MqttVersion.V_5;
        Admission admission = admit(input, sent);
        Refusal refusal = null;
        ConnectionAuthorization authorization = null;
        if (admission instanceof Admission.Admitted admitted) {
            admitted.clientCredentials().ifPresent(credentials -> {
                connect.setUserName(credentials.username().orElse(null));
                connect.setPassword(credentials.password().map(ByteBuffer::wrap).orElse(null));
            });
            Optional<Packets.Will> will = sent.getWillPublish()
                    .map(packet -> new Packets.Will(packet.getTopic(), packet.getQos().getQosNumber(), packet.getRetain()));
            if (policies != null) {
                // MQTT 5: a session that outlives the connection; MQTT 3.1.1: clean session off
                boolean persistent = mqtt5 ? sent.getSessionExpiryInterval() > 0 : !sent.getCleanStart();
                authorization = policies.connection(admitted.context().principal(), clientId, new PolicyEvaluator.ConnectAttributes(
                        persistent, will.map(Packets.Will::topic), will.map(Packets.Will::retain).orElse(false)));
            }
            refusal = pipeline.connect(new Packets.Client(clientId, admitted.context().principal(), mqtt5, authorization),
                    new Packets.Connect(sent.getKeepAlive(), will));
            if (refusal != null && sent.getWillPublish().isPresent()) {
                // replaced whole: HiveMQ only notices a modified CONNECT through its own setters
                WillPublishPacket refused = sent.getWillPublish().get();
                connect.setWillPublish(Builders.willPublish().fromWillPublish(refused).qos(Qos.AT_LEAST_ONCE).retain(false).build());
            }
            int keepAlive = pipeline.keepAlive(sent.getKeepAlive());
            if (keepAlive != sent.getKeepAlive()) {
                connect.setKeepAlive(keepAlive);
                LOG.info("Client '{}' asked for a keep-alive of {} s; AWS IoT uses its minimum of {} s instead",
                        clientId, sent.getKeepAlive(), keepAlive);
            }
        }
        boolean withheld = control.takeWithheldConnack();
        if (withheld) {
            // HiveMQ authenticates one CONNECT per client id at a time: under its own id the held CONNECT would hold up
            // the client's retry too. HiveMQ gets an alias; the connection's record keeps the id the client sent.
            connect.setClientId("iot-local-withheld-" + UUID.randomUUID());
            LOG.info("CONNACK withheld from client '{}' (fault)", clientId);
        }
        Connection connection = new Connection(ConnectionRegistry.newKey(), admission, clientId, mqtt5, sent.getCleanStart(), refusal,
                withheld, authorization);
        connections.register(input, connection);
    }

    private Admission admit(ConnectInboundInput input, ConnectPacket sent) {
        String listener = input.getConnectionInformation().getListener().map(Listener::getName).orElse("");
        ListenerDoor door = doorsByListener.get(listener);
        if (door == null) {
            return new Admission.Refused("", "listener '" + listener + "' is not a door of the emulator");
        }
        return door.admit(new ListenerDoor.Arrival(
                input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress).orElse(""),
                input.getConnectionInformation().getClientTlsInformation().flatMap(ClientTlsInformation::getClientCertificate),
                sent.getPassword().map(ConnectInterceptor::bytes), input.getClientInformation().getClientId()));
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
