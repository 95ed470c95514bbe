package dev.iotlocal.testkit;

import dev.iotlocal.emulator.journal.PolicyDenial;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An expected policy denial, narrowed step by step, then awaited; see {@link Recording#denied(String, String)}.
 * Not thread-safe; build and await it in one test.
 */
public final class DenialExpectation {

    private final Recording recording;
    private final List<String> described = new ArrayList<>();
    private Predicate<PolicyDenial> criteria;

    DenialExpectation(Recording recording, String action, String resource) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        this.recording = recording;
        // a resource given whole is compared whole; the short form with the denial's own short form (no patterns:
        // the test names what the client touched, not what a policy should have allowed)
        boolean arn = resource.startsWith("arn:");
        this.criteria = denial -> denial.action().equalsIgnoreCase(action)
                && (arn ? denial.resource().equals(resource) : denial.resourceName().equals(resource));
        described.add(action + " on '" + resource + "'");
    }

    /** Of this client's connection. */
    public DenialExpectation byClient(String clientId) {
        return where("by client '" + clientId + "'", denial -> denial.clientId().equals(clientId));
    }

    /** With this decision: a statement denied it, or none allowed it. */
    public DenialExpectation withDecision(PolicyDenial.Decision decision) {
        Objects.requireNonNull(decision, "decision");
        return where("with " + decision, denial -> denial.decision() == decision);
    }

    private DenialExpectation where(String description, Predicate<PolicyDenial> criterion) {
        described.add(description);
        criteria = criteria.and(criterion);
        return this;
    }

    /**
     * Waits for the denial and returns it. From then on the denial is expected, and so is every other this
     * expectation matches (a client that retries is denied again): the test does not fail for them.
     */
    public PolicyDenial await() {
        Predicate<PolicyDenial> expected = criteria;
        PolicyDenial denial = recording.await(PolicyDenial.class, expected, "a denial of " + String.join(", ", described));
        recording.expectDenials(expected);
        return denial;
    }
}
