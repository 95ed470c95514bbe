package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import dev.iotlocal.emulator.internal.gateway.DoorTickets;

/**
 * The broker's loopback listener behind the WSS door: the principal is the one the door verified with SigV4,
 * found through the one-time ticket the CONNECT interceptor took out of the password. A client that reaches
 * this listener without passing the door has no ticket, and so no principal.
 */
public final class WssPrincipals implements PrincipalResolver {

    static final String TICKET_ATTRIBUTE = "iotlocal.doorTicket";

    private final DoorTickets tickets;

    public WssPrincipals(DoorTickets tickets) {
        this.tickets = tickets;
    }

    @Override
    public Resolution resolve(SimpleAuthInput input) {
        String secret = input.getConnectionInformation().getConnectionAttributeStore().getAsString(TICKET_ATTRIBUTE).orElse(null);
        return tickets.redeem(secret)
                .map(ticket -> Resolution.of(ticket.principal(), ticket.sessionIdentifier()))
                .orElseGet(() -> Resolution.refused("", "connected to the broker's internal listener without passing the WSS door"));
    }
}
