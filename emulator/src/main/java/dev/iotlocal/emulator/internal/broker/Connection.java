package dev.iotlocal.emulator.internal.broker;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.journal.DisconnectReason;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One MQTT connection as the broker extension sees it: who it is, which session it belongs to, and what
 * the rules decided about it. Thread-safe: HiveMQ calls hooks for one connection from several threads.
 */
public final class Connection {

    private final String sessionIdentifier;
    private final String clientId;
    private final Principal principal;
    private final boolean mqtt5;
    private final long versionNumber;
    private final Set<String> subscriptions;
    private final Queue<PendingSubscribe> subscribesAwaitingAck = new ConcurrentLinkedQueue<>();
    private final Queue<List<String>> unsubscribesAwaitingAck = new ConcurrentLinkedQueue<>();
    /** Filters handed to the broker in place of a client's {@code a/#}, not yet authorized, with how many times. */
    private final Map<String, Integer> unauthorizedRewrites = new ConcurrentHashMap<>();
    private volatile boolean connected;
    private volatile DisconnectReason decidedDisconnectReason;
    private volatile Refusal refusalOfCurrentSubscribe;

    Connection(String sessionIdentifier, String clientId, Principal principal, boolean mqtt5, long versionNumber,
               Set<String> subscriptions) {
        this.sessionIdentifier = sessionIdentifier;
        this.clientId = clientId;
        this.principal = principal;
        this.mqtt5 = mqtt5;
        this.versionNumber = versionNumber;
        this.subscriptions = subscriptions;
    }

    public String sessionIdentifier() {
        return sessionIdentifier;
    }

    public String clientId() {
        return clientId;
    }

    public Principal principal() {
        return principal;
    }

    public boolean mqtt5() {
        return mqtt5;
    }

    /** The lifecycle events' {@code versionNumber}: one per connection of a client id, increasing. */
    public long versionNumber() {
        return versionNumber;
    }

    /** The topic filters of the client's session (shared with later connections of a persistent session). */
    public Set<String> subscriptions() {
        return subscriptions;
    }

    Queue<PendingSubscribe> subscribesAwaitingAck() {
        return subscribesAwaitingAck;
    }

    Queue<List<String>> unsubscribesAwaitingAck() {
        return unsubscribesAwaitingAck;
    }

    /** Whether the CONNECT was accepted and the {@code connected} event published. */
    public boolean connected() {
        return connected;
    }

    void markConnected() {
        connected = true;
    }

    /** The lifecycle disconnect reason a rule decided before disconnecting the client, if one did. */
    DisconnectReason decidedDisconnectReason() {
        return decidedDisconnectReason;
    }

    void decideDisconnectReason(DisconnectReason reason) {
        decidedDisconnectReason = reason;
    }

    /** A refusal of the whole SUBSCRIBE packet in progress, decided by the subscribe interceptor. */
    Refusal refusalOfCurrentSubscribe() {
        return refusalOfCurrentSubscribe;
    }

    void refuseCurrentSubscribe(Refusal refusal) {
        refusalOfCurrentSubscribe = refusal;
    }

    /** Remembers that the broker was handed {@code rewritten} in place of one of the client's filters. */
    void rewroteFilter(String rewritten) {
        unauthorizedRewrites.merge(rewritten, 1, Integer::sum);
    }

    /**
     * Whether the broker was handed {@code filter} in place of one of the client's filters and has not asked to
     * authorize it yet; if so, it now has. (Counted, not flagged: pipelined SUBSCRIBEs may carry the same filter.)
     */
    boolean takeRewrite(String filter) {
        boolean[] rewritten = {false};
        unauthorizedRewrites.computeIfPresent(filter, (key, count) -> {
            rewritten[0] = true;
            return count == 1 ? null : count - 1;
        });
        return rewritten[0];
    }

    /**
     * A SUBSCRIBE waiting for its SUBACK: its filters, and those it added to the session (added before the
     * SUBACK so that no delivery races ahead of the bookkeeping; taken back if the SUBACK refuses them).
     */
    record PendingSubscribe(List<String> filters, Set<String> added) {}
}
