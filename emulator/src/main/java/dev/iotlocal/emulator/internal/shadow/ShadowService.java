package dev.iotlocal.emulator.internal.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.registry.Page;
import dev.iotlocal.emulator.internal.util.Json;
import dev.iotlocal.emulator.internal.util.SavedFile;
import dev.iotlocal.emulator.journal.ShadowChanged;
import dev.iotlocal.emulator.journal.ShadowRejected;
import dev.iotlocal.emulator.shadow.DeviceShadows;
import dev.iotlocal.emulator.shadow.ShadowRejectedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AWS IoT's Device Shadow service, the one every way in reaches: MQTT requests on the reserved shadow topics (through
 * {@link MqttShadowRequests}), the HTTPS data plane's Get/Update/DeleteThingShadow and ListNamedShadowsForThing, and the
 * emulator's own {@link DeviceShadows}. It keeps every shadow (in memory, and in {@code shadows.json} in the data
 * directory when there is one), answers with AWS IoT's documents and errors, publishes what AWS IoT publishes on the
 * shadow's topics whoever asked ({@code update/accepted}, {@code update/delta} when desired and reported differ,
 * {@code update/documents}, {@code delete/accepted}; {@code get/accepted} and every {@code rejected} only to MQTT
 * requests), and records each change and rejection in the journal.
 *
 * <p>Thread-safe: requests to the service are applied one at a time, and their publications are handed to the broker in
 * that order.
 */
public final class ShadowService implements DeviceShadows, AutoCloseable {

    static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.shadow");
    static final String FILE_NAME = "shadows.json";
    /** AWS IoT's limit on a shadow's desired and reported state after merging. */
    static final int MAXIMUM_STATE_BYTES = 8 * 1024;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Who asked, which decides what is published and how an error is answered. */
    public enum Via {
        /** A PUBLISH on the shadow's request topic: answered on its accepted or rejected topic. */
        MQTT,
        /** The HTTPS data plane: answered in the HTTP response, never on a rejected topic. */
        HTTPS,
        /** The emulator's own {@link DeviceShadows}, as HTTPS. */
        API
    }

    /** Where the service's messages go: the broker, at QoS 1 (subscribers get them at their subscription's QoS). */
    @FunctionalInterface
    public interface Publisher {
        void publish(String topic, byte[] payload);
    }

    /** A shadow that exists, or one deleted whose version the next update carries on from. */
    private record Slot(ShadowDocument document, boolean exists) {}

    private final InMemoryJournal journal;
    private final Clock clock;
    private final SavedFile file;
    /** Guarded by itself; sorted so that the named shadows of a thing are listed in order. */
    private final TreeMap<ShadowKey, Slot> shadows = new TreeMap<>();
    private volatile Publisher publisher = (topic, payload) -> { };

    /** @param dataDirectory where shadows are saved, or null to keep them in memory only */
    public ShadowService(Path dataDirectory, InMemoryJournal journal, Clock clock) {
        this.journal = journal;
        this.clock = clock;
        this.file = new SavedFile(dataDirectory, FILE_NAME, "shadows");
        file.read().ifPresent(this::load);
    }

    /** Sends the service's messages to the broker from now on (before, they go nowhere: no one can be subscribed). */
    public void publishTo(Publisher publisher) {
        this.publisher = publisher;
    }

    /**
     * Answers a request published on a shadow's request topic: the answer goes to its {@code accepted} or
     * {@code rejected} topic, with the request's {@code clientToken}.
     *
     * @param operation {@code get}, {@code update} or {@code delete}
     */
    public void answerMqtt(ShadowKey key, String operation, byte[] payload, String clientId) {
        synchronized (shadows) {
            try {
                perform(key, operation, payload, Via.MQTT, clientId);
            } catch (ShadowRequest.Rejected rejected) {
                ObjectNode error = NODES.objectNode();
                error.put("code", rejected.rejection.code());
                error.put("message", rejected.rejection.message());
                rejected.clientToken.ifPresent(token -> error.put("clientToken", token));
                publish(key.topicPrefix() + "/" + operation + "/rejected", error);
            }
        }
    }

    /**
     * Answers a rejection that happened before the request reached the service (429 for too many requests in flight).
     */
    public void rejectMqtt(ShadowKey key, String operation, byte[] payload, String clientId, int code, String message, String hint) {
        Optional<String> token = ShadowRequest.ofGetOrDelete(payload).clientToken();
        synchronized (shadows) {
            rejected(key, operation, Via.MQTT, clientId, new ShadowRequest.Rejected(new ShadowRejection(code, message, hint), token));
            ObjectNode error = NODES.objectNode();
            error.put("code", code);
            error.put("message", message);
            token.ifPresent(value -> error.put("clientToken", value));
            publish(key.topicPrefix() + "/" + operation + "/rejected", error);
        }
    }

    /**
     * GetThingShadow: the document with its delta.
     *
     * @throws ShadowRejection 404 when the shadow does not exist
     */
    public ObjectNode get(ShadowKey key, Via via, String clientId) {
        return unwrapped(key, "get", null, via, clientId);
    }

    /**
     * UpdateThingShadow: the accepted document.
     *
     * @throws ShadowRejection AWS IoT's 400, 409, 413 or 415
     */
    public ObjectNode update(ShadowKey key, byte[] payload, Via via, String clientId) {
        return unwrapped(key, "update", payload, via, clientId);
    }

    /**
     * DeleteThingShadow: the version the shadow had and the time.
     *
     * @throws ShadowRejection 404 when the shadow does not exist
     */
    public ObjectNode delete(ShadowKey key, Via via, String clientId) {
        return unwrapped(key, "delete", null, via, clientId);
    }

    /** ListNamedShadowsForThing: a page of the thing's named shadows that exist, in alphabetical order. */
    public Page<String> namedShadows(String thingName, String token, int pageSize) {
        List<String> names = new ArrayList<>();
        synchronized (shadows) {
            for (Map.Entry<ShadowKey, Slot> entry : shadows.tailMap(new ShadowKey(thingName, ""), true).entrySet()) {
                if (!entry.getKey().thingName().equals(thingName)) {
                    break;
                }
                if (!entry.getKey().classic() && entry.getValue().exists()) {
                    names.add(entry.getKey().shadowName());
                }
            }
        }
        return Page.of(names, name -> name, token, pageSize);
    }

    /** Forgets every shadow and every version (the test kit's reset between tests). */
    public void clear() {
        synchronized (shadows) {
            shadows.clear();
            changed();
        }
    }

    private ObjectNode unwrapped(ShadowKey key, String operation, byte[] payload, Via via, String clientId) {
        synchronized (shadows) {
            try {
                return perform(key, operation, payload, via, clientId);
            } catch (ShadowRequest.Rejected rejected) {
                throw rejected.rejection;
            }
        }
    }

    /** Applies one request; called holding the lock. */
    private ObjectNode perform(ShadowKey key, String operation, byte[] payload, Via via, String clientId) {
        try {
            return switch (operation) {
                case "get" -> getDocument(key, ShadowRequest.ofGetOrDelete(payload), via);
                case "update" -> applyUpdate(key, ShadowRequest.ofUpdate(payload, via != Via.MQTT), via, clientId);
                case "delete" -> applyDelete(key, ShadowRequest.ofGetOrDelete(payload), clientId);
                default -> throw new IllegalArgumentException("Not a shadow operation: " + operation);
            };
        } catch (ShadowRequest.Rejected rejected) {
            rejected(key, operation, via, clientId, rejected);
            throw rejected;
        }
    }

    private ObjectNode getDocument(ShadowKey key, ShadowRequest request, Via via) {
        Slot slot = shadows.get(key);
        if (slot == null || !slot.exists()) {
            throw notFound(key, request);
        }
        ObjectNode answer = NODES.objectNode();
        answer.set("state", slot.document().state(true));
        answer.set("metadata", slot.document().metadata());
        answer.put("version", slot.document().version());
        answer.put("timestamp", now());
        request.clientToken().ifPresent(token -> answer.put("clientToken", token));
        if (via == Via.MQTT) {
            publish(key.topicPrefix() + "/get/accepted", answer);
        }
        return answer;
    }

    private ObjectNode applyUpdate(ShadowKey key, ShadowRequest request, Via via, String clientId) {
        Slot slot = shadows.get(key);
        boolean existed = slot != null && slot.exists();
        ShadowDocument before = slot == null ? ShadowDocument.empty(0) : slot.document();
        if (request.version().isPresent() && request.version().getAsLong() != before.version()) {
            throw ShadowRequest.rejected(409, "Version conflict", "the update expected version " + request.version().getAsLong()
                    + " and the shadow is at version " + before.version() + "; read it again and retry", request.clientToken());
        }
        long now = now();
        ShadowDocument after = (existed ? before : ShadowDocument.empty(before.version())).updated(request.state(), now);
        int stateBytes = after.stateBytes();
        if (stateBytes > MAXIMUM_STATE_BYTES) {
            throw ShadowRequest.rejected(413, "The payload exceeds the maximum size allowed", "desired and reported would hold "
                    + stateBytes + " bytes after the merge; AWS IoT keeps at most " + MAXIMUM_STATE_BYTES, request.clientToken());
        }
        shadows.put(key, new Slot(after, true));
        changed();
        // recorded before anything is published, so that whoever sees an answer finds the change in the journal
        String state = after.state(false).toString();
        journal.record(new ShadowChanged(key.thingName(), key.shadowName(), clientId, ShadowChanged.Change.UPDATED, after.version(),
                state, clock.instant()));
        LOG.debug("Updated {} to version {} ({}): {}", key, after.version(), via, state);

        ObjectNode accepted = NODES.objectNode();
        accepted.set("state", request.state().deepCopy());
        accepted.set("metadata", requestMetadata(request.state(), now));
        accepted.put("version", after.version());
        accepted.put("timestamp", now);
        request.clientToken().ifPresent(token -> accepted.put("clientToken", token));
        publish(key.topicPrefix() + "/update/accepted", accepted);

        ObjectNode delta = after.delta();
        if (delta != null) {
            ObjectNode deltaMessage = NODES.objectNode();
            deltaMessage.put("version", after.version());
            deltaMessage.put("timestamp", now);
            deltaMessage.set("state", delta);
            deltaMessage.set("metadata", after.deltaMetadata(delta));
            request.clientToken().ifPresent(token -> deltaMessage.put("clientToken", token));
            publish(key.topicPrefix() + "/update/delta", deltaMessage);
        }

        ObjectNode documents = NODES.objectNode();
        documents.set("previous", existed ? before.snapshot() : NODES.nullNode());
        documents.set("current", after.snapshot());
        documents.put("timestamp", now);
        request.clientToken().ifPresent(token -> documents.put("clientToken", token));
        publish(key.topicPrefix() + "/update/documents", documents);

        return accepted;
    }

    private ObjectNode applyDelete(ShadowKey key, ShadowRequest request, String clientId) {
        Slot slot = shadows.get(key);
        if (slot == null || !slot.exists()) {
            throw notFound(key, request);
        }
        long version = slot.document().version();
        shadows.put(key, new Slot(ShadowDocument.empty(version), false));
        changed();
        ObjectNode accepted = NODES.objectNode();
        accepted.put("version", version);
        accepted.put("timestamp", now());
        request.clientToken().ifPresent(token -> accepted.put("clientToken", token));
        journal.record(new ShadowChanged(key.thingName(), key.shadowName(), clientId, ShadowChanged.Change.DELETED, version, "{}",
                clock.instant()));
        publish(key.topicPrefix() + "/delete/accepted", accepted);
        LOG.debug("Deleted {} at version {}", key, version);
        return accepted;
    }

    private static ShadowRequest.Rejected notFound(ShadowKey key, ShadowRequest request) {
        return ShadowRequest.rejected(404, "No shadow exists with name: '" + key.nameInMessages() + "'",
                key + " has never been updated, or was deleted; an update creates it (no registered thing is needed)",
                request.clientToken());
    }

    private void rejected(ShadowKey key, String operation, Via via, String clientId, ShadowRequest.Rejected rejected) {
        ShadowRejection rejection = rejected.rejection;
        journal.record(new ShadowRejected(key.thingName(), key.shadowName(), clientId, operation, rejection.code(), rejection.message(),
                clock.instant()));
        LOG.info("Shadow {} of {}{} rejected ({}): {} {}", operation, key, clientId.isEmpty() ? "" : " by client '" + clientId + "'",
                via, rejection.code(), rejection.explanation());
    }

    /**
     * {@code update/accepted}'s metadata: a time for every leaf the request wrote, nulls included, and for a section
     * set to null as a whole.
     */
    private static JsonNode requestMetadata(JsonNode state, long now) {
        ObjectNode metadata = NODES.objectNode();
        if (state.isObject()) {
            state.fields().forEachRemaining(section -> metadata.set(section.getKey(), ShadowJson.stamp(section.getValue(), now)));
        }
        return metadata;
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private void publish(String topic, ObjectNode message) {
        try {
            publisher.publish(topic, Json.MAPPER.writeValueAsBytes(message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- the emulator's own API ---

    @Override
    public Optional<String> get(String thingName) {
        return get(thingName, "");
    }

    @Override
    public Optional<String> get(String thingName, String shadowName) {
        ShadowKey key = apiKey(thingName, shadowName);
        synchronized (shadows) {
            Slot slot = shadows.get(key);
            if (slot == null || !slot.exists()) {
                return Optional.empty();
            }
            return Optional.of(get(key, Via.API, "").toString());
        }
    }

    @Override
    public String update(String thingName, String document) {
        return update(thingName, "", document);
    }

    @Override
    public String update(String thingName, String shadowName, String document) {
        try {
            return update(apiKey(thingName, shadowName), document.getBytes(StandardCharsets.UTF_8), Via.API, "").toString();
        } catch (ShadowRejection rejection) {
            throw new ShadowRejectedException(rejection.code(), rejection.message());
        }
    }

    @Override
    public void delete(String thingName) {
        delete(thingName, "");
    }

    @Override
    public void delete(String thingName, String shadowName) {
        try {
            delete(apiKey(thingName, shadowName), Via.API, "");
        } catch (ShadowRejection rejection) {
            throw new ShadowRejectedException(rejection.code(), rejection.message());
        }
    }

    @Override
    public List<String> namedShadows(String thingName) {
        return namedShadows(apiKey(thingName, "").thingName(), null, Integer.MAX_VALUE).items();
    }

    private static ShadowKey apiKey(String thingName, String shadowName) {
        try {
            return ShadowKey.of(thingName, shadowName);
        } catch (ShadowRejection rejection) {
            throw new ShadowRejectedException(rejection.code(), rejection.explanation());
        }
    }

    // --- the data directory ---

    /** Called holding the lock: the file is written soon after, from a snapshot taken then. */
    private void changed() {
        file.changed(this::saved);
    }

    private String saved() {
        ArrayNode saved = NODES.arrayNode();
        synchronized (shadows) {
            shadows.forEach((key, slot) -> {
                ObjectNode entry = saved.addObject();
                entry.put("thingName", key.thingName());
                entry.put("shadowName", key.shadowName());
                entry.put("exists", slot.exists());
                entry.set("document", slot.document().snapshot());
            });
        }
        return NODES.objectNode().set("shadows", saved).toPrettyString();
    }

    private void load(byte[] bytes) {
        try {
            for (JsonNode entry : Json.MAPPER.readTree(bytes).path("shadows")) {
                shadows.put(new ShadowKey(entry.path("thingName").asText(), entry.path("shadowName").asText()),
                        new Slot(ShadowDocument.read(entry.path("document")), entry.path("exists").asBoolean()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the shadows in " + FILE_NAME + ": " + e.getMessage(), e);
        }
    }

    /** Writes what is not saved yet. */
    @Override
    public void close() {
        file.close();
    }
}
