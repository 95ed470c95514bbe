package dev.iotlocal.emulator.internal.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.journal.JournalEntry;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryJournalTest {

    @Test
    void aFullJournalDropsItsOldestEntriesAndKeepsTheNewestInOrder() {
        InMemoryJournal journal = new InMemoryJournal(3);
        for (int i = 1; i <= 5; i++) {
            journal.record(violation("client-" + i));
        }
        assertThat(journal.entries()).extracting(JournalEntry::clientId).containsExactly("client-3", "client-4", "client-5");
        assertThat(journal.violations()).hasSize(3);
    }

    @Test
    void listenersHearEveryEntryEvenWhenTheJournalDropsIt() throws Exception {
        InMemoryJournal journal = new InMemoryJournal(1);
        List<String> heard = new ArrayList<>();
        try (AutoCloseable subscription = journal.subscribe(entry -> heard.add(entry.clientId()))) {
            journal.record(violation("first"));
            journal.record(violation("second"));
        }
        journal.record(violation("after"));
        assertThat(heard).containsExactly("first", "second");
        assertThat(journal.entries()).extracting(JournalEntry::clientId).containsExactly("after");
    }

    private static RuleViolation violation(String clientId) {
        return new RuleViolation(AwsIotRule.QOS_2_NOT_SUPPORTED, clientId, Optional.empty(), "QoS 2", Instant.now());
    }
}
