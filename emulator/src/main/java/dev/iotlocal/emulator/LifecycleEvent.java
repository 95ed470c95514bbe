package dev.iotlocal.emulator;

import java.time.Instant;
import java.util.Objects;

/**
 * An AWS IoT lifecycle event the broker published on a {@code $aws/events/...} topic. Immutable.
 *
 * @param eventType one of {@code connected}, {@code disconnected}, {@code connect_failed}, {@code subscribed},
 *                  {@code unsubscribed}
 * @param clientId  the client id the event is about
 * @param topic     the topic it was published on
 * @param json      the payload exactly as published
 * @param time      when it was published
 */
public record LifecycleEvent(String eventType, String clientId, String topic, String json, Instant time) implements JournalEntry {

    public LifecycleEvent {
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(time, "time");
    }
}
