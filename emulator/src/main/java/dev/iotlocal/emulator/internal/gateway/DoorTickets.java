package dev.iotlocal.emulator.internal.gateway;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time secrets by which the WSS door hands the broker the connection context a client cannot forge: the door
 * puts the secret into the CONNECT it forwards (as the password), and the broker's internal listener admits a
 * connection by redeeming it, once. A replayed, forged or late secret admits nothing. Thread-safe.
 */
public final class DoorTickets implements ListenerDoor {

    /** A ticket not redeemed within this time is void (the CONNECT would have arrived long before). */
    private static final Duration VALIDITY = Duration.ofSeconds(30);
    private static final String PREFIX = "iot-local-door:";

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Ticket> open = new ConcurrentHashMap<>();

    public DoorTickets(Clock clock) {
        this.clock = clock;
    }

    /** What the door established, and the client's own credentials that the secret displaced. */
    private record Ticket(ConnectionContext context, Admission.ClientCredentials clientCredentials, Instant issued) {}

    /** Issues the secret to put into the CONNECT's password in place of the client's user name and password. */
    String issue(ConnectionContext context, String clientUsername, byte[] clientPassword) {
        Instant now = clock.instant();
        open.values().removeIf(ticket -> ticket.issued().plus(VALIDITY).isBefore(now));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        open.put(key, new Ticket(context, new Admission.ClientCredentials(Optional.ofNullable(clientUsername),
                Optional.ofNullable(clientPassword)), now));
        return key;
    }

    /** Redeems the ticket in the CONNECT's password. */
    @Override
    public Admission admit(Arrival arrival) {
        Ticket ticket = arrival.password().map(password -> open.remove(new String(password, StandardCharsets.UTF_8))).orElse(null);
        if (ticket == null || ticket.issued().plus(VALIDITY).isBefore(clock.instant())) {
            return new Admission.Refused("", "connected to the broker's internal listener without passing the WSS door");
        }
        return new Admission.Admitted(ticket.context(), Optional.of(ticket.clientCredentials()));
    }
}
