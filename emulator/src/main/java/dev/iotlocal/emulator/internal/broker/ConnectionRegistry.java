package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.parameter.ClientBasedInput;
import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.journal.DisconnectReason;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connections the broker extension knows, keyed by a session identifier that the authenticator puts
 * into HiveMQ's connection attribute store, where no client can write.
 */
public final class ConnectionRegistry {

    static final String SESSION_ATTRIBUTE = "iotlocal.sessionIdentifier";

    private final Map<String, Connection> bySessionIdentifier = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> versionNumbers = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> subscriptionsByClientId = new ConcurrentHashMap<>();

    /** @param sessionIdentifier the door's choice, or null for a fresh one */
    Connection open(ClientBasedInput input, String sessionIdentifier, String clientId, Principal principal, boolean mqtt5, boolean cleanStart) {
        if (sessionIdentifier == null) {
            sessionIdentifier = UUID.randomUUID().toString();
        }
        long versionNumber = versionNumbers.computeIfAbsent(clientId, id -> new AtomicLong(-1)).incrementAndGet();
        if (cleanStart) {
            subscriptionsByClientId.remove(clientId);
        }
        Set<String> subscriptions = subscriptionsByClientId.computeIfAbsent(clientId, id -> ConcurrentHashMap.newKeySet());
        Connection connection = new Connection(sessionIdentifier, clientId, principal, mqtt5, versionNumber, subscriptions);
        bySessionIdentifier.put(sessionIdentifier, connection);
        input.getConnectionInformation().getConnectionAttributeStore().putAsString(SESSION_ATTRIBUTE, sessionIdentifier);
        return connection;
    }

    /** The connection a hook's input belongs to, or null for a connection the authenticator never accepted. */
    Connection of(ClientBasedInput input) {
        return input.getConnectionInformation().getConnectionAttributeStore().getAsString(SESSION_ATTRIBUTE)
                .map(bySessionIdentifier::get)
                .orElse(null);
    }

    /**
     * Records why a door is about to close a session's connection, so that the lifecycle event says so rather
     * than {@code CONNECTION_LOST}.
     */
    public void decideDisconnectReason(String sessionIdentifier, DisconnectReason reason) {
        Connection connection = bySessionIdentifier.get(sessionIdentifier);
        if (connection != null) {
            connection.decideDisconnectReason(reason);
        }
    }

    void close(Connection connection) {
        bySessionIdentifier.remove(connection.sessionIdentifier());
    }

    /** Forgets every session's subscriptions and version numbers (the broker's sessions were cleared too). */
    void clearSessions() {
        subscriptionsByClientId.clear();
        versionNumbers.clear();
    }

    int size() {
        return bySessionIdentifier.size();
    }

    /** The connection a client id has now, or null. */
    Connection currentOf(String clientId) {
        for (Connection connection : bySessionIdentifier.values()) {
            if (connection.clientId().equals(clientId)) {
                return connection;
            }
        }
        return null;
    }

    java.util.List<String> connectedClientIds() {
        return bySessionIdentifier.values().stream().map(Connection::clientId).distinct().toList();
    }

    /** Waits until every connection has ended (their lifecycle events are then recorded). */
    void awaitEmpty(java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!bySessionIdentifier.isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }
}
