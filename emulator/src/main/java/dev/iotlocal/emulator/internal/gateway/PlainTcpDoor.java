package dev.iotlocal.emulator.internal.gateway;

import dev.iotlocal.emulator.identity.Principal;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** The plain-TCP debugging door: it proves nothing, so the principal says so. It exists only when enabled. */
public final class PlainTcpDoor implements ListenerDoor {

    private final String accountId;
    private final String region;
    private final Clock clock;

    public PlainTcpDoor(String accountId, String region, Clock clock) {
        this.accountId = accountId;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Admission admit(Arrival arrival) {
        String address = arrival.sourceAddress();
        Principal principal = new Principal(Principal.Kind.UNAUTHENTICATED_DEBUG, "plain-tcp:" + address, accountId, region,
                Optional.empty(), Optional.empty(), address);
        return new Admission.Admitted(new ConnectionContext(principal, UUID.randomUUID().toString(), Door.PLAIN_TCP, address,
                clock.instant(), Optional.empty()), Optional.empty());
    }
}
