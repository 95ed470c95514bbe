package dev.iotlocal.emulator.journal;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.rules.AwsIotRule;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A client broke an AWS IoT rule; the broker did on the wire what AWS IoT does (see {@link #rule()}) and
 * recorded this. Immutable.
 *
 * @param rule      the rule
 * @param clientId  the client id of the connection
 * @param principal who was behind the connection, when the door had established it
 * @param detail    what exactly happened, readable by a person
 * @param time      when it happened
 */
public record RuleViolation(AwsIotRule rule, String clientId, Optional<Principal> principal, String detail, Instant time)
        implements JournalEntry {

    public RuleViolation {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(time, "time");
    }

    @Override
    public String toString() {
        return rule + " by client '" + clientId + "'"
                + principal.map(p -> " (" + p.kind() + " " + p.id() + ")").orElse("") + ": " + detail;
    }
}
