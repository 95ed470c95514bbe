package dev.iotlocal.emulator.internal.broker;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import java.time.Clock;
import java.util.Optional;

/** Records rule violations and remembers the lifecycle reason of the disconnect that follows. */
final class Enforcement {

    private final InMemoryJournal journal;
    private final Clock clock;

    Enforcement(InMemoryJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** A client broke a rule and will be disconnected for it (lifecycle reason {@code CLIENT_ERROR}). */
    void violatedAndDisconnected(Connection connection, String clientId, Refusal refusal) {
        if (connection != null) {
            connection.decideDisconnectReason(DisconnectReason.CLIENT_ERROR);
        }
        violated(connection == null ? null : connection.principal(), clientId, refusal.rule(), refusal.detail());
    }

    void violated(Principal principal, String clientId, AwsIotRule rule, String detail) {
        journal.record(new RuleViolation(rule, clientId, Optional.ofNullable(principal), detail, clock.instant()));
    }
}
