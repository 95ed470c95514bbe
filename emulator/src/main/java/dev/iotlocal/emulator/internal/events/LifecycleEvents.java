package dev.iotlocal.emulator.internal.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.util.Json;
import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes AWS IoT's lifecycle events on {@code $aws/events/presence/...} and
 * {@code $aws/events/subscriptions/...} with the documented JSON fields, and records each in the journal.
 * Thread-safe.
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
        Instant now = clock.instant();
        ObjectNode payload = common(clientId, now, "connected")
                .put("sessionIdentifier", sessionIdentifier)
                .put("principalIdentifier", principalIdentifier)
                .put("ipAddress", ipAddress)
                .put("versionNumber", versionNumber);
        emit("presence/", "connected", clientId, principalIdentifier, Optional.empty(), List.of(), payload, now);
    }

    public void disconnected(String clientId, String sessionIdentifier, String principalIdentifier,
                             DisconnectReason reason, long versionNumber) {
        LOG.info("Client '{}' disconnected: {}", clientId, reason);
        Instant now = clock.instant();
        ObjectNode payload = common(clientId, now, "disconnected")
                .put("clientInitiatedDisconnect", reason == DisconnectReason.CLIENT_INITIATED_DISCONNECT)
                .put("sessionIdentifier", sessionIdentifier)
                .put("principalIdentifier", principalIdentifier)
                .put("disconnectReason", reason.name())
                .put("versionNumber", versionNumber);
        emit("presence/", "disconnected", clientId, principalIdentifier, Optional.of(reason), List.of(), payload, now);
    }

    public void connectFailed(String clientId, String sessionIdentifier, String principalIdentifier, String ipAddress, String why) {
        LOG.info("Client '{}' refused at CONNECT from {}: {}", clientId, ipAddress, why);
        Instant now = clock.instant();
        ObjectNode payload = common(clientId, now, "connect_failed")
                .put("connectFailureReason", "AUTHORIZATION_FAILED")
                .put("principalIdentifier", principalIdentifier)
                .put("sessionIdentifier", sessionIdentifier)
                .put("ipAddress", ipAddress);
        emit("presence/", "connect_failed", clientId, principalIdentifier, Optional.empty(), List.of(), payload, now);
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
        Instant now = clock.instant();
        ObjectNode payload = common(clientId, now, eventType)
                .put("sessionIdentifier", sessionIdentifier)
                .put("principalIdentifier", principalIdentifier);
        topics.forEach(payload.putArray("topics")::add);
        emit("subscriptions/", eventType, clientId, principalIdentifier, Optional.empty(), topics, payload, now);
    }

    private static ObjectNode common(String clientId, Instant now, String eventType) {
        return Json.MAPPER.createObjectNode().put("clientId", clientId).put("timestamp", now.toEpochMilli()).put("eventType", eventType);
    }

    private void emit(String topicKind, String eventType, String clientId, String principalIdentifier, Optional<DisconnectReason> reason, List<String> topics,
                      ObjectNode payload, Instant now) {
        // AWS IoT publishes no lifecycle events for client ids with MQTT wildcards in them
        if (clientId.indexOf('#') >= 0 || clientId.indexOf('+') >= 0) {
            return;
        }
        String topic = "$aws/events/" + topicKind + eventType + "/" + clientId;
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a lifecycle event", e);
        }
        journal.record(new LifecycleEvent(eventType, clientId, principalIdentifier, reason, topics, topic, json, now));
        sink.publish(topic, json.getBytes(StandardCharsets.UTF_8));
    }
}
