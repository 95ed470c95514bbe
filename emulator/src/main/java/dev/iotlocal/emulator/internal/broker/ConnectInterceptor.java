package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.interceptor.connect.ConnectInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundInput;
import com.hivemq.extension.sdk.api.interceptor.connect.parameter.ConnectInboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.WillPublishPacket;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.ModifiableConnectPacket;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import dev.iotlocal.emulator.internal.gateway.DoorTickets;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees every CONNECT first. Raises a keep-alive below AWS IoT's minimum to that minimum, as AWS IoT does (the
 * maximum, and 0 meaning the maximum, are HiveMQ's own {@code max-keep-alive} setting, which also tells MQTT 5
 * clients in CONNACK). A Will that breaks a rule (QoS 2, RETAIN while retained messages are not supported) would be
 * refused by HiveMQ's own settings before authentication, with an MQTT 3.1.1 CONNACK that AWS IoT never sends; so
 * the Will is made acceptable to HiveMQ here and the refusal handed to the authenticator, which refuses as AWS does.
 */
final class ConnectInterceptor implements ConnectInboundInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.connections");

    private final RuleBook ruleBook;
    private final DoorTickets tickets;
    private final BrokerControl control;

    ConnectInterceptor(RuleBook ruleBook, DoorTickets tickets, BrokerControl control) {
        this.ruleBook = ruleBook;
        this.tickets = tickets;
        this.control = control;
    }

    @Override
    public void onConnect(ConnectInboundInput input, ConnectInboundOutput output) {
        ModifiableConnectPacket connect = output.getConnectPacket();
        String clientId = input.getClientInformation().getClientId();
        boolean internal = input.getConnectionInformation().getListener()
                .map(listener -> listener.getName().equals(HiveMqConfiguration.INTERNAL_LISTENER)).orElse(false);
        if (internal) {
            takeTicketOut(input, connect);
        }
        control.chooseWithheld(input.getConnectionInformation().getConnectionAttributeStore(), connect);
        if (input.getConnectPacket().getWillPublish().isPresent()) {
            WillPublishPacket will = input.getConnectPacket().getWillPublish().get();
            Refusal refusal = ruleBook.checkWillFlags(will.getTopic(), will.getQos().getQosNumber(), will.getRetain());
            if (refusal != null) {
                // replaced whole: HiveMQ only notices a modified CONNECT through its own setters
                connect.setWillPublish(Builders.willPublish().fromWillPublish(will).qos(Qos.AT_LEAST_ONCE).retain(false).build());
                ConnectRefusals.hand(input.getConnectionInformation().getConnectionAttributeStore(), refusal);
            }
        }
        if (ruleBook.rules().keepAliveLimits()) {
            int minimum = (int) ruleBook.rules().minimumKeepAlive().toSeconds();
            int requested = connect.getKeepAlive();
            if (requested > 0 && requested < minimum) {
                connect.setKeepAlive(minimum);
                LOG.info("Client '{}' asked for a keep-alive of {} s; AWS IoT uses its minimum of {} s instead",
                        clientId, requested, minimum);
            }
        }
    }

    /**
     * Moves the WSS door's ticket from the password into the connection's attributes, where only the broker can
     * write, and gives the CONNECT back the user name and password the client sent.
     */
    private void takeTicketOut(ConnectInboundInput input, ModifiableConnectPacket connect) {
        String secret = input.getConnectPacket().getPassword()
                .map(password -> StandardCharsets.UTF_8.decode(password.duplicate()).toString())
                .orElse(null);
        tickets.peek(secret).ifPresent(ticket -> {
            input.getConnectionInformation().getConnectionAttributeStore().putAsString(WssPrincipals.TICKET_ATTRIBUTE, secret);
            connect.setUserName(ticket.originalUsername());
            connect.setPassword(ticket.originalPassword() == null ? null : ByteBuffer.wrap(ticket.originalPassword()));
        });
    }
}
