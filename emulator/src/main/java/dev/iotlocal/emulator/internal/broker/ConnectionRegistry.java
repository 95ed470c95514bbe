package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import dev.iotlocal.emulator.identity.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The connections the broker extension knows, each under a key that the CONNECT interceptor puts into HiveMQ's
 * connection attribute store (where no client can write), and what AWS IoT remembers per client id between its
 * connections: the lifecycle version number and a persistent session's subscriptions. What it remembers of a
 * client id is forgotten an hour after its last connection ended, as AWS IoT resets the version number then (and
 * no session outlives an hour here), so a long-running emulator does not grow with every client id it ever saw.
 * Thread-safe.
 */
final class ConnectionRegistry {

    static final String KEY_ATTRIBUTE = "iotlocal.connection";
    /** How long a client id's version number and session survive its last connection. */
    static final Duration FORGET_CLIENT_AFTER = Duration.ofHours(1);
    private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Connection> byKey = new ConcurrentHashMap<>();
    private final Map<String, ClientIdHistory> byClientId = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> nextSweep;

    ConnectionRegistry(Clock clock) {
        this.clock = clock;
        this.nextSweep = new AtomicReference<>(clock.instant().plus(SWEEP_INTERVAL));
    }

    /** What AWS IoT keeps of a client id between connections. Guarded by itself. */
    private static final class ClientIdHistory {
        long lastVersionNumber = -1;
        Set<String> subscriptions = ConcurrentHashMap.newKeySet();
        int open;
        Instant lastClosed;
    }

    /** A fresh key for a new connection. */
    static String newKey() {
        return UUID.randomUUID().toString();
    }

    /** Registers a connection at its CONNECT and marks its attribute store with its key, which hooks look it up by. */
    void register(ClientBasedInput input, Connection connection) {
        register(connection);
        input.getConnectionInformation().getConnectionAttributeStore().putAsString(KEY_ATTRIBUTE, connection.key());
    }

    void register(Connection connection) {
        byKey.put(connection.key(), connection);
    }

    /** The connection a hook's input belongs to, or null for one whose CONNECT the interceptor never saw. */
    Connection of(ClientBasedInput input) {
        return input.getConnectionInformation().getConnectionAttributeStore().getAsString(KEY_ATTRIBUTE)
                .map(byKey::get)
                .orElse(null);
    }

    /** The CONNECT was accepted: the connection gets its version number and its session's subscriptions. */
    void accept(Connection connection) {
        sweepNowAndThen();
        ClientIdHistory history = byClientId.computeIfAbsent(connection.clientId(), id -> new ClientIdHistory());
        synchronized (history) {
            history.lastVersionNumber++;
            history.open++;
            if (connection.cleanStart()) {
                history.subscriptions = ConcurrentHashMap.newKeySet();
            }
            connection.accept(history.lastVersionNumber, history.subscriptions);
        }
    }

    /** The connection ended. */
    void close(Connection connection) {
        if (byKey.remove(connection.key()) == null || connection.versionNumber() < 0) {
            return;
        }
        ClientIdHistory history = byClientId.get(connection.clientId());
        if (history != null) {
            synchronized (history) {
                history.open--;
                history.lastClosed = clock.instant();
            }
        }
    }

    private void sweepNowAndThen() {
        Instant now = clock.instant();
        Instant due = nextSweep.get();
        if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(SWEEP_INTERVAL))) {
            return;
        }
        Instant forgetBefore = now.minus(FORGET_CLIENT_AFTER);
        byClientId.values().removeIf(history -> {
            synchronized (history) {
                return history.open == 0 && history.lastClosed != null && history.lastClosed.isBefore(forgetBefore);
            }
        });
    }

    /** How many client ids it remembers; for tests of the bound. */
    int rememberedClientIds() {
        return byClientId.size();
    }

    /** Forgets every client id's session and version number (the broker's sessions were cleared too). */
    void clearSessions() {
        byClientId.clear();
    }

    /** The accepted connection a client id has now, or null. */
    Connection currentOf(String clientId) {
        for (Connection connection : byKey.values()) {
            if (connection.connected() && connection.clientId().equals(clientId)) {
                return connection;
            }
        }
        return null;
    }

    /** The connections, accepted or not yet, whose door admitted them with a certificate of that id. */
    List<Connection> ofCertificate(String certificateId) {
        return byKey.values().stream()
                .filter(connection -> connection.principal().kind() == Principal.Kind.CERTIFICATE
                        && connection.principal().id().equals(certificateId))
                .toList();
    }

    /** Every connection registered now, accepted or not yet. */
    Collection<Connection> all() {
        return byKey.values();
    }

    /** The client ids of every connection registered now, accepted or not yet. */
    List<String> clientIds() {
        return byKey.values().stream().map(Connection::clientId).distinct().toList();
    }

    /** Waits until every connection has ended (their lifecycle events are then recorded). */
    void awaitEmpty(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!byKey.isEmpty() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
    }
}
