package dev.iotlocal.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.emulator.journal.MessageDelivered;
import dev.iotlocal.emulator.journal.MessagePublished;
import dev.iotlocal.emulator.rules.TopicFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * An expected message, narrowed step by step, then awaited. Not thread-safe; build and await it in one test.
 *
 * @param <S> the expectation's own type, for chaining
 */
public abstract class MessageExpectation<S extends MessageExpectation<S>> {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Recording recording;
    final String topicFilter;
    final List<String> described = new ArrayList<>();
    Predicate<Message> criteria;

    MessageExpectation(Recording recording, String topicFilter) {
        this.recording = recording;
        this.topicFilter = topicFilter;
        this.criteria = message -> TopicFilter.matches(topicFilter, message.topic);
    }

    abstract S self();

    /** The payload, as UTF-8 text. */
    public S withPayload(String payload) {
        return where("with payload '" + payload + "'", message -> Arrays.equals(message.payload, payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** The payload, as bytes. */
    public S withPayload(byte[] payload) {
        byte[] expected = payload.clone();
        return where("with payload of " + expected.length + " bytes", message -> Arrays.equals(message.payload, expected));
    }

    /** A payload that contains the text. */
    public S withPayloadContaining(String text) {
        return where("with a payload containing '" + text + "'", message -> new String(message.payload, StandardCharsets.UTF_8).contains(text));
    }

    /** A JSON payload whose field at the JSON pointer (e.g. {@code /state/temp}) equals the value. */
    public S withJsonField(String pointer, Object value) {
        JsonNode expected = JSON.valueToTree(value);
        return where("with JSON " + pointer + " = " + expected, message -> {
            try {
                JsonNode actual = JSON.readTree(message.payload).at(pointer);
                return actual.equals(expected) || (actual.isNumber() && expected.isNumber() && actual.decimalValue().compareTo(expected.decimalValue()) == 0);
            } catch (IOException notJson) {
                return false;
            }
        });
    }

    public S withQos(int qos) {
        return where("with QoS " + qos, message -> message.qos == qos);
    }

    /** The RETAIN flag. */
    public S retained(boolean retain) {
        return where(retain ? "retained" : "not retained", message -> message.retain == retain);
    }

    S where(String description, Predicate<Message> criterion) {
        described.add(description);
        criteria = criteria.and(criterion);
        return self();
    }

    String describe(String what) {
        return what + " '" + topicFilter + "'" + (described.isEmpty() ? "" : " " + String.join(", ", described));
    }

    /** The fields the criteria look at. */
    static final class Message {
        final String clientId;
        final String topic;
        final byte[] payload;
        final int qos;
        final boolean retain;

        Message(String clientId, String topic, byte[] payload, int qos, boolean retain) {
            this.clientId = clientId;
            this.topic = topic;
            this.payload = payload;
            this.qos = qos;
            this.retain = retain;
        }
    }

    /** An expected publish by a client. */
    public static final class Publish extends MessageExpectation<Publish> {
        Publish(Recording recording, String topicFilter) {
            super(recording, topicFilter);
        }

        @Override
        Publish self() {
            return this;
        }

        /** Published by this client. */
        public Publish byClient(String clientId) {
            return where("by client '" + clientId + "'", message -> Objects.equals(message.clientId, clientId));
        }

        /** Waits for the publish and returns it. */
        public MessagePublished await() {
            return recording.await(MessagePublished.class,
                    published -> criteria.test(new Message(published.clientId(), published.topic(), published.payload(), published.qos(), published.retain())),
                    describe("a publish to"));
        }
    }

    /** An expected delivery to a client. */
    public static final class Delivery extends MessageExpectation<Delivery> {
        Delivery(Recording recording, String topicFilter) {
            super(recording, topicFilter);
        }

        @Override
        Delivery self() {
            return this;
        }

        /** Delivered to this client. */
        public Delivery toClient(String clientId) {
            return where("to client '" + clientId + "'", message -> Objects.equals(message.clientId, clientId));
        }

        /** Waits for the delivery and returns it. */
        public MessageDelivered await() {
            return recording.await(MessageDelivered.class,
                    delivered -> criteria.test(new Message(delivered.clientId(), delivered.topic(), delivered.payload(), delivered.qos(), delivered.retain())),
                    describe("a delivery of"));
        }
    }
}
