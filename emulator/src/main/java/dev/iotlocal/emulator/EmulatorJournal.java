package dev.iotlocal.emulator;

import java.util.List;

/**
 * What happened in the emulator, in order: rule violations and lifecycle events. Thread-safe; the lists
 * returned are snapshots.
 */
public interface EmulatorJournal {

    /** Every entry since start or the last {@link #clear()}, oldest first. */
    List<JournalEntry> entries();

    /** The rule violations among {@link #entries()}. */
    List<RuleViolation> violations();

    /** The lifecycle events among {@link #entries()}. */
    List<LifecycleEvent> lifecycleEvents();

    /** Forgets every entry (the test kit does this between tests). */
    void clear();
}
