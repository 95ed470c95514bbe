package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.services.publish.RetainedMessageStore;
import com.hivemq.extension.sdk.api.services.publish.RetainedPublish;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The broker's retained messages as AWS IoT's data plane shows them (GetRetainedMessage, ListRetainedMessages): HiveMQ
 * keeps the messages, this the time each was last set ({@code lastModifiedTime}), which HiveMQ does not keep.
 * Thread-safe.
 */
public final class RetainedTimes {

    /** A retained message with the time it was set. */
    public record Retained(String topic, byte[] payload, int qos, Instant lastModified, List<Map.Entry<String, String>> userProperties) {}

    private final ConcurrentHashMap<String, Instant> lastModified = new ConcurrentHashMap<>();
    private volatile RetainedMessageStore store;

    void attach(RetainedMessageStore store) {
        this.store = store;
    }

    /** A retained PUBLISH was accepted: an empty payload removes the topic's message. */
    void retained(String topic, boolean empty, Instant now) {
        if (empty) {
            lastModified.remove(topic);
        } else {
            lastModified.put(topic, now);
        }
    }

    /** Every message is gone (the test kit's reset). */
    public void clear() {
        lastModified.clear();
    }

    /** The message retained on exactly this topic. */
    public CompletableFuture<Optional<Retained>> get(String topic) {
        RetainedMessageStore messages = store;
        if (messages == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return messages.getRetainedMessage(topic).thenApply(found -> found.map(this::retained));
    }

    /** Every retained message, sorted by topic. */
    public CompletableFuture<List<Retained>> all() {
        RetainedMessageStore messages = store;
        if (messages == null) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<Retained> all = Collections.synchronizedList(new ArrayList<>());
        return messages.iterateAllRetainedMessages((context, publish) -> all.add(retained(publish)))
                .thenApply(done -> {
                    List<Retained> sorted = new ArrayList<>(all);
                    sorted.sort((a, b) -> a.topic().compareTo(b.topic()));
                    return sorted;
                });
    }

    private Retained retained(RetainedPublish publish) {
        byte[] payload = publish.getPayload().map(buffer -> {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }).orElse(new byte[0]);
        List<Map.Entry<String, String>> properties = publish.getUserProperties().asList().stream()
                .map(property -> Map.entry(property.getName(), property.getValue())).toList();
        return new Retained(publish.getTopic(), payload, publish.getQos().getQosNumber(),
                lastModified.computeIfAbsent(publish.getTopic(), unseen -> Instant.now()), properties);
    }
}
