package dev.iotlocal.emulator.journal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The broker sent a message to a subscriber. Recorded only when {@link JournalConfig#recordMessages()} is on.
 * Immutable.
 *
 * @param clientId the receiving client
 * @param topic    the topic
 * @param payload  the payload bytes
 * @param qos      the QoS of this delivery
 * @param retain   the RETAIN flag of this delivery (set on a retained message sent on subscribe)
 * @param time     when the broker sent it
 */
public record MessageDelivered(String clientId, String topic, byte[] payload, int qos, boolean retain, Instant time) implements JournalEntry {

    public MessageDelivered {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(topic, "topic");
        payload = payload.clone();
        Objects.requireNonNull(time, "time");
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload as UTF-8 text. */
    public String payloadAsString() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "'" + clientId + "' received '" + topic + "' (QoS " + qos + (retain ? ", retain" : "") + "): "
                + MessagePublished.preview(payloadAsString());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageDelivered that && clientId.equals(that.clientId) && topic.equals(that.topic)
                && Arrays.equals(payload, that.payload) && qos == that.qos && retain == that.retain && time.equals(that.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, topic, Arrays.hashCode(payload), qos, retain, time);
    }
}
