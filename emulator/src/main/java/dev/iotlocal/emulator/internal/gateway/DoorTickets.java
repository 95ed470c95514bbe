package dev.iotlocal.emulator.internal.gateway;

import dev.iotlocal.emulator.identity.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time secrets by which the WSS door hands the broker a principal the client cannot forge: the door puts
 * the secret into the CONNECT it forwards, the broker redeems it once. Thread-safe.
 */
public final class DoorTickets {

    /** A ticket not redeemed within this time is void (the CONNECT would have arrived long before). */
    private static final Duration VALIDITY = Duration.ofSeconds(30);

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Ticket> open = new ConcurrentHashMap<>();

    public DoorTickets(Clock clock) {
        this.clock = clock;
    }

    /**
     * What the door established, and the client's own credentials fields that the secret displaced.
     *
     * @param sessionIdentifier the lifecycle events' session identifier, chosen by the door so it can name the session later
     * @param originalUsername  the CONNECT's user name, or null
     * @param originalPassword  the CONNECT's password, or null
     */
    public record Ticket(Principal principal, String sessionIdentifier, String originalUsername, byte[] originalPassword, Instant issued) {}

    public String issue(Principal principal, String sessionIdentifier, String originalUsername, byte[] originalPassword) {
        Instant now = clock.instant();
        open.values().removeIf(ticket -> ticket.issued().plus(VALIDITY).isBefore(now));
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String key = "iot-local-door:" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        open.put(key, new Ticket(principal, sessionIdentifier, originalUsername, originalPassword, now));
        return key;
    }

    /** The ticket for a secret, once: a replayed, forged or expired secret finds nothing. */
    public Optional<Ticket> redeem(String secret) {
        if (secret == null) {
            return Optional.empty();
        }
        Ticket ticket = open.remove(secret);
        if (ticket == null || ticket.issued().plus(VALIDITY).isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(ticket);
    }

    /** Looks at a ticket without redeeming it. */
    public Optional<Ticket> peek(String secret) {
        return secret == null ? Optional.empty() : Optional.ofNullable(open.get(secret));
    }
}
