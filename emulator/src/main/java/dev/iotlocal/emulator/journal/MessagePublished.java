package dev.iotlocal.emulator.journal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * A client published a message and the broker accepted it. Recorded only when
 * {@link JournalConfig#recordMessages()} is on. Immutable.
 *
 * @param clientId the publisher
 * @param topic    the topic
 * @param payload  the payload bytes
 * @param qos      the QoS the client published with
 * @param retain   the RETAIN flag the client set
 * @param time     when the broker accepted it
 */
public record MessagePublished(String clientId, String topic, byte[] payload, int qos, boolean retain, Instant time) implements JournalEntry {

    public MessagePublished {
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
        return "'" + clientId + "' published to '" + topic + "' (QoS " + qos + (retain ? ", retain" : "") + "): " + preview(payloadAsString());
    }

    static String preview(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " characters)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessagePublished that && clientId.equals(that.clientId) && topic.equals(that.topic)
                && java.util.Arrays.equals(payload, that.payload) && qos == that.qos && retain == that.retain && time.equals(that.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, topic, java.util.Arrays.hashCode(payload), qos, retain, time);
    }
}
