package dev.iotlocal.emulator.internal.gateway;

import dev.iotlocal.emulator.identity.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a door established about one connection, made once by that door and read by every later stage (rules,
 * lifecycle events, the journal, faults and, next, the policy evaluator). Immutable.
 *
 * @param principal         who is behind the connection
 * @param sessionIdentifier the lifecycle events' {@code sessionIdentifier}
 * @param door              the door it came through
 * @param sourceAddress     the client's IP address as the door saw it (behind the WSS door the broker sees only the door)
 * @param connectedAt       when the door let it in
 * @param closesAt          when the door closes it whatever the client does (the WebSocket time to live), if ever
 */
public record ConnectionContext(Principal principal, String sessionIdentifier, Door door, String sourceAddress, Instant connectedAt,
                                Optional<Instant> closesAt) {

    public ConnectionContext {
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(sessionIdentifier, "sessionIdentifier");
        Objects.requireNonNull(door, "door");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(connectedAt, "connectedAt");
        Objects.requireNonNull(closesAt, "closesAt");
    }

    /** Whether a connection that ended at {@code now} was ended by its door's time to live. */
    public boolean closedByItsDoorAt(Instant now) {
        return closesAt.map(deadline -> !now.isBefore(deadline)).orElse(false);
    }
}
