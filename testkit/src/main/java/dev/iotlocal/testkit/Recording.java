package dev.iotlocal.testkit;

import dev.iotlocal.emulator.journal.EmulatorJournal;
import dev.iotlocal.emulator.journal.JournalEntry;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.emulator.journal.MessageDelivered;
import dev.iotlocal.emulator.journal.MessagePublished;
import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.journal.RuleViolation;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * What happened in the local AWS IoT during the current test, in order, and assertions that wait for it:
 *
 * <pre>{@code
 * recording.published("thing-update/+").byClient("thermostat").withJsonField("/temp", 21).await();
 * recording.delivered("thing-update/thermostat").toClient("server").await();
 * recording.disconnected("thermostat").withReason(DisconnectReason.DUPLICATE_CLIENTID).await();
 * recording.denied("iot:Publish", "topic/dt/other/temp").byClient("thermostat").await();
 * recording.assertNothingElsePublished();
 * }</pre>
 *
 * A policy denial fails the test when it ends (see {@link IotLocalTest#failOnDenials()}) unless the test awaited
 * it with {@link #denied(String, String)}. Inject it as a test parameter. Thread-safe.
 */
public final class Recording {

    private final EmulatorJournal journal;
    private final Duration timeout;
    private final Set<JournalEntry> matched;
    /** What the test's awaited denial expectations match: the denials it expects. */
    private final List<Predicate<PolicyDenial>> expectedDenials;

    Recording(EmulatorJournal journal, Duration timeout) {
        this(journal, timeout, ConcurrentHashMap.newKeySet(), new CopyOnWriteArrayList<>());
    }

    private Recording(EmulatorJournal journal, Duration timeout, Set<JournalEntry> matched, List<Predicate<PolicyDenial>> expectedDenials) {
        this.journal = journal;
        this.timeout = timeout;
        this.matched = matched;
        this.expectedDenials = expectedDenials;
    }

    /** The same recording whose assertions wait up to {@code timeout}. */
    public Recording within(Duration timeout) {
        return new Recording(journal, timeout, matched, expectedDenials);
    }

    /** Everything recorded so far in this test, oldest first. */
    public List<JournalEntry> entries() {
        return journal.entries();
    }

    public List<MessagePublished> published() {
        return journal.published();
    }

    public List<MessageDelivered> delivered() {
        return journal.delivered();
    }

    public List<LifecycleEvent> lifecycleEvents() {
        return journal.lifecycleEvents();
    }

    public List<RuleViolation> violations() {
        return journal.violations();
    }

    /** The policy denials so far, each with what to change in its {@link PolicyDenial#explanation()}. */
    public List<PolicyDenial> denials() {
        return journal.denials();
    }

    /** Expects a publish to a topic that the MQTT filter (with AWS IoT's wildcard rules) matches. */
    public MessageExpectation.Publish published(String topicFilter) {
        return new MessageExpectation.Publish(this, topicFilter);
    }

    /** Expects a delivery of a message on a topic that the MQTT filter matches. */
    public MessageExpectation.Delivery delivered(String topicFilter) {
        return new MessageExpectation.Delivery(this, topicFilter);
    }

    /** Expects a {@code connected} lifecycle event of the client. */
    public ConnectionExpectation connected(String clientId) {
        return new ConnectionExpectation(this, "connected", clientId);
    }

    /** Expects a {@code disconnected} lifecycle event of the client. */
    public ConnectionExpectation disconnected(String clientId) {
        return new ConnectionExpectation(this, "disconnected", clientId);
    }

    /**
     * Expects AWS IoT's policies to deny a client {@code action} (such as {@code iot:Publish}; AWS's action names
     * are case-insensitive) on {@code resource}: its short form, such as {@code topic/dt/other/temp} or
     * {@code topicfilter/sensor/#}, or its whole ARN. The resource is the one the client touched, compared as it is,
     * not a policy pattern. Awaiting it makes the denial expected, so the test does not fail for it.
     */
    public DenialExpectation denied(String action, String resource) {
        return new DenialExpectation(this, action, resource);
    }

    /** Fails if any publish was recorded that no {@code published(...).await()} of this test matched. */
    public void assertNothingElsePublished() {
        List<MessagePublished> others = journal.published().stream().filter(entry -> !matched.contains(entry)).toList();
        if (!others.isEmpty()) {
            throw new AssertionFailedError("Expected nothing else to be published, but recorded:" + listed(others));
        }
    }

    /** Counts every denial {@code expectation} matches as expected. */
    void expectDenials(Predicate<PolicyDenial> expectation) {
        expectedDenials.add(expectation);
    }

    /** The denials so far that no awaited {@link #denied} expectation matches. */
    List<PolicyDenial> unexpectedDenials() {
        return journal.denials().stream().filter(denial -> expectedDenials.stream().noneMatch(expected -> expected.test(denial))).toList();
    }

    /**
     * Waits for the first entry of a type that matches, preferring one that no earlier expectation matched (so that
     * awaiting the same message twice accounts for two); fails with what was expected and what was recorded.
     */
    <T extends JournalEntry> T await(Class<T> type, Predicate<T> matching, String expected) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T alreadyMatched = null;
            for (JournalEntry entry : journal.entries()) {
                if (type.isInstance(entry) && matching.test(type.cast(entry))) {
                    if (matched.add(entry)) {
                        return type.cast(entry);
                    }
                    if (alreadyMatched == null) {
                        alreadyMatched = type.cast(entry);
                    }
                }
            }
            if (alreadyMatched != null) {
                return alreadyMatched;
            }
            if (System.nanoTime() > deadline) {
                List<JournalEntry> recorded = journal.entries().stream().filter(type::isInstance).toList();
                throw new AssertionFailedError("Expected within " + timeout.toMillis() + " ms " + expected
                        + ", but none matched. Recorded " + recorded.size() + ":" + listed(recorded));
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    static String listed(List<? extends JournalEntry> entries) {
        if (entries.isEmpty()) {
            return " nothing";
        }
        return entries.stream().map(entry -> "\n  " + entry).collect(Collectors.joining());
    }
}
