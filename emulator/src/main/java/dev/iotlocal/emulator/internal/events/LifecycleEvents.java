package dev.iotlocal.emulator.internal.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.iotlocal.emulator.internal.util.Json;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes AWS IoT's lifecycle events on {@code $aws/events/presence/...} and
 * {@code $aws/events/subscriptions/...} with the documented JSON fields, and records each in the journal.
 */
public final class LifecycleEvents {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.connections");

    /** Where the events go: the broker's internal publish. */
    @FunctionalInterface
    public interface Sink {
        void publish(String topic, byte[] payload);
    }

    private final InMemoryJournal journal;
    private final Clock clock;
    private volatile Sink sink = (topic, payload) -> {};

    public LifecycleEvents(InMemoryJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
    }

    public void publishTo(Sink sink) {
        this.sink = sink;
    }

    public void connected(String clientId, String sessionIdentifier, String principalIdentifier, String ipAddress, long versionNumber) {
        LOG.info("Client '{}' connected from {} as {}", clientId, ipAddress, principalIdentifier);
        Map<String, Object> payload = new LinkedHashMap<>();
        Instant now = clock.instant();
        payload.put("clientId", clientId);
        payload.put("timestamp", now.toEpochMilli());
        payload.put("eventType", "connected");
        payload.put("sessionIdentifier", sessionIdentifier);
        payload.put("principalIdentifier", principalIdentifier);
        payload.put("ipAddress", ipAddress);
        payload.put("versionNumber", versionNumber);
        emit("presence/connected", clientId, payload, now);
    }

    public void disconnected(String clientId, String sessionIdentifier, String principalIdentifier,
                             DisconnectReason reason, long versionNumber) {
        LOG.info("Client '{}' disconnected: {}", clientId, reason);
        Map<String, Object> payload = new LinkedHashMap<>();
        Instant now = clock.instant();
        payload.put("clientId", clientId);
        payload.put("timestamp", now.toEpochMilli());
        payload.put("eventType", "disconnected");
        payload.put("clientInitiatedDisconnect", reason == DisconnectReason.CLIENT_INITIATED_DISCONNECT);
        payload.put("sessionIdentifier", sessionIdentifier);
        payload.put("principalIdentifier", principalIdentifier);
        payload.put("disconnectReason", reason.name());
        payload.put("versionNumber", versionNumber);
        emit("presence/disconnected", clientId, payload, now);
    }

    public void connectFailed(String clientId, String sessionIdentifier, String principalIdentifier, String ipAddress, String why) {
        LOG.info("Client '{}' refused at CONNECT from {}: {}", clientId, ipAddress, why);
        Map<String, Object> payload = new LinkedHashMap<>();
        Instant now = clock.instant();
        payload.put("clientId", clientId);
        payload.put("timestamp", now.toEpochMilli());
        payload.put("eventType", "connect_failed");
        payload.put("connectFailureReason", "AUTHORIZATION_FAILED");
        payload.put("principalIdentifier", principalIdentifier);
        payload.put("sessionIdentifier", sessionIdentifier);
        payload.put("ipAddress", ipAddress);
        emit("presence/connect_failed", clientId, payload, now);
    }

    public void subscribed(String clientId, String sessionIdentifier, String principalIdentifier, List<String> topics) {
        subscriptionEvent("subscribed", clientId, sessionIdentifier, principalIdentifier, topics);
    }

    public void unsubscribed(String clientId, String sessionIdentifier, String principalIdentifier, List<String> topics) {
        subscriptionEvent("unsubscribed", clientId, sessionIdentifier, principalIdentifier, topics);
    }

    private void subscriptionEvent(String eventType, String clientId, String sessionIdentifier, String principalIdentifier,
                                   List<String> topics) {
        LOG.debug("Client '{}' {} {}", clientId, eventType, topics);
        Map<String, Object> payload = new LinkedHashMap<>();
        Instant now = clock.instant();
        payload.put("clientId", clientId);
        payload.put("timestamp", now.toEpochMilli());
        payload.put("eventType", eventType);
        payload.put("sessionIdentifier", sessionIdentifier);
        payload.put("principalIdentifier", principalIdentifier);
        payload.put("topics", topics);
        emit("subscriptions/" + eventType, clientId, payload, now);
    }

    private void emit(String kind, String clientId, Map<String, Object> payload, Instant now) {
        // AWS IoT publishes no lifecycle events for client ids with MQTT wildcards in them
        if (clientId.indexOf('#') >= 0 || clientId.indexOf('+') >= 0) {
            return;
        }
        String topic = "$aws/events/" + kind + "/" + clientId;
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a lifecycle event", e);
        }
        Object reason = payload.get("disconnectReason");
        @SuppressWarnings("unchecked")
        List<String> topics = payload.get("topics") instanceof List<?> list ? (List<String>) list : List.of();
        journal.record(new LifecycleEvent(String.valueOf(payload.get("eventType")), clientId,
                String.valueOf(payload.get("principalIdentifier")),
                reason == null ? Optional.empty() : Optional.of(DisconnectReason.valueOf(reason.toString())),
                topics, topic, json, now));
        sink.publish(topic, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
