package dev.iotlocal.emulator.internal.events;

import dev.iotlocal.emulator.journal.EmulatorJournal;
import dev.iotlocal.emulator.journal.JournalEntry;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.emulator.journal.MessageDelivered;
import dev.iotlocal.emulator.journal.MessagePublished;
import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.journal.ShadowChanged;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one journal of an emulator: doors and the broker write to it, tests read it. A ring of at most
 * {@code maximumEntries}: when it is full the oldest entry goes, so a long-running emulator's memory stays bounded.
 */
public final class InMemoryJournal implements EmulatorJournal {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.violations");

    private final int maximumEntries;
    /** Guarded by itself; a copy-on-write list would make recording every message quadratic. */
    private final Deque<JournalEntry> entries = new ArrayDeque<>();
    private final List<Consumer<JournalEntry>> listeners = new CopyOnWriteArrayList<>();

    public InMemoryJournal(int maximumEntries) {
        if (maximumEntries < 1) {
            throw new IllegalArgumentException("A journal holds at least one entry: " + maximumEntries);
        }
        this.maximumEntries = maximumEntries;
    }

    public void record(JournalEntry entry) {
        synchronized (entries) {
            if (entries.size() == maximumEntries) {
                entries.removeFirst();
            }
            entries.addLast(entry);
        }
        if (entry instanceof RuleViolation violation) {
            LOG.info("AWS IoT rule broken: {}", violation);
        }
        for (Consumer<JournalEntry> listener : listeners) {
            listener.accept(entry);
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<JournalEntry> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public List<JournalEntry> entries() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    @Override
    public List<RuleViolation> violations() {
        return ofType(RuleViolation.class);
    }

    @Override
    public List<PolicyDenial> denials() {
        return ofType(PolicyDenial.class);
    }

    @Override
    public List<LifecycleEvent> lifecycleEvents() {
        return ofType(LifecycleEvent.class);
    }

    @Override
    public List<MessagePublished> published() {
        return ofType(MessagePublished.class);
    }

    @Override
    public List<MessageDelivered> delivered() {
        return ofType(MessageDelivered.class);
    }

    @Override
    public List<ShadowChanged> shadowChanges() {
        return ofType(ShadowChanged.class);
    }

    @Override
    public void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    private <T extends JournalEntry> List<T> ofType(Class<T> type) {
        List<T> matching = new ArrayList<>();
        for (JournalEntry entry : entries()) {
            if (type.isInstance(entry)) {
                matching.add(type.cast(entry));
            }
        }
        return List.copyOf(matching);
    }
}
