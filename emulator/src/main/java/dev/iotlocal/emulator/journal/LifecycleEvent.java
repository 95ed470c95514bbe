package dev.iotlocal.emulator.journal;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An AWS IoT lifecycle event the broker published on a {@code $aws/events/...} topic. Immutable.
 *
 * @param eventType           one of {@code connected}, {@code disconnected}, {@code connect_failed}, {@code subscribed},
 *                            {@code unsubscribed}
 * @param clientId            the client id the event is about
 * @param principalIdentifier the principal, as the event's {@code principalIdentifier} field
 * @param disconnectReason    the {@code disconnectReason} of a {@code disconnected} event
 * @param topics              the topic filters of a {@code subscribed} or {@code unsubscribed} event
 * @param topic               the topic it was published on
 * @param json                the payload exactly as published
 * @param time                when it was published
 */
public record LifecycleEvent(String eventType, String clientId, String principalIdentifier, Optional<DisconnectReason> disconnectReason,
                             List<String> topics, String topic, String json, Instant time) implements JournalEntry {

    public LifecycleEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(principalIdentifier, "principalIdentifier");
        Objects.requireNonNull(disconnectReason, "disconnectReason");
        topics = List.copyOf(topics);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(time, "time");
    }

    @Override
    public String toString() {
        return eventType + " of client '" + clientId + "'" + disconnectReason.map(reason -> " (" + reason + ")").orElse("")
                + (topics.isEmpty() ? "" : " " + topics);
    }
}
