package dev.iotlocal.emulator.internal.broker;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.rules.Refusal;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import java.time.Clock;
import java.util.Optional;

/** Records what a connection was refused for, and the lifecycle reason of the disconnect that follows. */
final class Violations {

    private final InMemoryJournal journal;
    private final Clock clock;

    Violations(InMemoryJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    /** A client broke a rule and is disconnected for it (lifecycle reason {@code CLIENT_ERROR}). */
    void disconnecting(Connection connection, Refusal refusal) {
        connection.decideDisconnectReason(DisconnectReason.CLIENT_ERROR);
        refused(connection, refusal);
    }

    /** A client broke a rule; what it sent was refused, and it stays connected (or never was). */
    void refused(Connection connection, Refusal refusal) {
        record(refusal.rule(), connection.clientId(), connection.context().map(context -> context.principal()), refusal.detail());
    }

    /** A door did not let a connection in. */
    void notAuthorized(String clientId, String reason) {
        record(AwsIotRule.NOT_AUTHORIZED, clientId, Optional.empty(), reason);
    }

    private void record(AwsIotRule rule, String clientId, Optional<Principal> principal, String detail) {
        journal.record(new RuleViolation(rule, clientId, principal, detail, clock.instant()));
    }
}
