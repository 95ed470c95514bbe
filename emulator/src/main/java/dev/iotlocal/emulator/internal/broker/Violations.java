package dev.iotlocal.emulator.internal.broker;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.policy.PolicyEvaluator;
import dev.iotlocal.emulator.internal.rules.Refusal;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import java.time.Clock;
import java.util.Optional;

/**
 * Records what a connection was refused for (a rule broken, or a policy's denial, which is also logged), and the
 * lifecycle reason of the disconnect that follows.
 */
final class Violations {

    private final InMemoryJournal journal;
    private final Clock clock;
    private final PolicyEvaluator policies;

    /** @param policies where policy denials are recorded, or null when policies are not evaluated */
    Violations(InMemoryJournal journal, Clock clock, PolicyEvaluator policies) {
        this.journal = journal;
        this.clock = clock;
        this.policies = policies;
    }

    /**
     * A client is disconnected for what it sent: lifecycle reason {@code CLIENT_ERROR} for a rule broken,
     * {@code AUTH_ERROR} for a policy's denial.
     */
    void disconnecting(Connection connection, Refusal refusal) {
        connection.decideDisconnectReason(refusal.denial() != null ? DisconnectReason.AUTH_ERROR : DisconnectReason.CLIENT_ERROR);
        refused(connection, refusal);
    }

    /** A client broke a rule or was denied; what it sent was refused, and it stays connected (or never was). */
    void refused(Connection connection, Refusal refusal) {
        if (refusal.denial() != null) {
            policies.record(refusal.denial());
            return;
        }
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
