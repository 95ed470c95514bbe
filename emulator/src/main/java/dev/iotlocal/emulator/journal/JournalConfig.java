package dev.iotlocal.emulator.journal;

import java.util.Objects;

/**
 * What the emulator's {@link EmulatorJournal} keeps. Immutable and thread-safe; derive a variant with
 * {@link #toBuilder()}.
 *
 * <pre>{@code
 * EmulatorConfig config = EmulatorConfig.builder()
 *         .journal(journal -> journal.recordMessages(true).maximumEntries(10_000))
 *         .build();
 * }</pre>
 */
public final class JournalConfig {

    /** How many entries the journal keeps unless told otherwise; older ones are dropped first. */
    public static final int DEFAULT_MAXIMUM_ENTRIES = 100_000;

    private static final JournalConfig DEFAULTS = new Builder().build();

    private final boolean recordMessages;
    private final int maximumEntries;

    private JournalConfig(Builder builder) {
        this.recordMessages = builder.recordMessages;
        this.maximumEntries = builder.maximumEntries;
    }

    /** Violations and lifecycle events only, at most {@link #DEFAULT_MAXIMUM_ENTRIES}. */
    public static JournalConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Whether every publish and delivery is recorded ({@link MessagePublished}, {@link MessageDelivered}), as the
     * test kit needs for its assertions. Off by default: it copies every payload.
     */
    public boolean recordMessages() {
        return recordMessages;
    }

    /**
     * How many entries the journal holds at most; when it is full the oldest entry goes first, so that an emulator
     * that runs for days keeps a bounded amount of memory. {@link Integer#MAX_VALUE} means no bound (the test kit's
     * choice: it empties the journal before each test).
     */
    public int maximumEntries() {
        return maximumEntries;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JournalConfig that && recordMessages == that.recordMessages && maximumEntries == that.maximumEntries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(recordMessages, maximumEntries);
    }

    @Override
    public String toString() {
        return "JournalConfig[recordMessages=" + recordMessages + ", maximumEntries=" + maximumEntries + "]";
    }

    /** Builds a {@link JournalConfig}; starts from {@link #defaults()}. Not thread-safe. */
    public static final class Builder {
        private boolean recordMessages;
        private int maximumEntries = DEFAULT_MAXIMUM_ENTRIES;

        private Builder() {}

        private Builder(JournalConfig config) {
            recordMessages = config.recordMessages;
            maximumEntries = config.maximumEntries;
        }

        /** See {@link JournalConfig#recordMessages()}. */
        public Builder recordMessages(boolean record) {
            this.recordMessages = record;
            return this;
        }

        /** See {@link JournalConfig#maximumEntries()}; at least 1. */
        public Builder maximumEntries(int entries) {
            if (entries < 1) {
                throw new IllegalArgumentException("The journal holds at least one entry: " + entries);
            }
            this.maximumEntries = entries;
            return this;
        }

        /** No bound on the journal; see {@link JournalConfig#maximumEntries()}. */
        public Builder unbounded() {
            this.maximumEntries = Integer.MAX_VALUE;
            return this;
        }

        public JournalConfig build() {
            return new JournalConfig(this);
        }
    }
}
