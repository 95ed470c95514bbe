package dev.iotlocal.emulator.journal;

import java.time.Instant;

/** Something the emulator recorded, in the order it happened. */
public sealed interface JournalEntry permits RuleViolation, PolicyDenial, LifecycleEvent, MessagePublished, MessageDelivered, ShadowChanged,
        ShadowRejected {

    /** When it happened. */
    Instant time();

    /** The client id it concerns. */
    String clientId();
}
