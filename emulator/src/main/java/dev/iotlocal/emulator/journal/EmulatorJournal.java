package dev.iotlocal.emulator.journal;

import java.util.List;

/**
 * What happened in the emulator, in order: rule violations, policy denials, lifecycle events, shadow changes and
 * rejections and, when {@link JournalConfig#recordMessages()} is on, every message published and delivered. It keeps the last
 * {@link JournalConfig#maximumEntries()} entries. Thread-safe; the lists returned are snapshots.
 */
public interface EmulatorJournal {

    /** Every entry since start or the last {@link #clear()}, oldest first (at most the configured number, the newest). */
    List<JournalEntry> entries();

    /** The rule violations among {@link #entries()}. */
    List<RuleViolation> violations();

    /** The policy denials among {@link #entries()}. */
    List<PolicyDenial> denials();

    /** The lifecycle events among {@link #entries()}. */
    List<LifecycleEvent> lifecycleEvents();

    /** The accepted publishes among {@link #entries()}. */
    List<MessagePublished> published();

    /** The deliveries to subscribers among {@link #entries()}. */
    List<MessageDelivered> delivered();

    /** The shadow updates and deletes the Device Shadow service accepted, among {@link #entries()}. */
    List<ShadowChanged> shadowChanges();

    /**
     * Calls {@code listener} with every entry recorded from now on, on the thread that records it (keep it
     * short). Returns a handle that removes the listener.
     */
    AutoCloseable subscribe(java.util.function.Consumer<JournalEntry> listener);

    /** Forgets every entry (the test kit does this between tests). */
    void clear();
}
