package dev.iotlocal.emulator.internal.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A stored shadow as AWS IoT's Device Shadow service keeps it: the {@code desired} and {@code reported} sections, a
 * metadata tree that mirrors them leaf by leaf with the epoch second each leaf was last written, and the version.
 * The delta is never stored; it is computed when a response is built. A section that has no keys is absent (null).
 * Immutable: the JSON trees are private copies that nothing changes once the document is made.
 */
final class ShadowDocument {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode desired;
    private final ObjectNode reported;
    private final ObjectNode desiredMetadata;
    private final ObjectNode reportedMetadata;
    private final long version;

    ShadowDocument(ObjectNode desired, ObjectNode reported, ObjectNode desiredMetadata, ObjectNode reportedMetadata, long version) {
        this.desired = desired;
        this.reported = reported;
        this.desiredMetadata = desired == null ? null : desiredMetadata;
        this.reportedMetadata = reported == null ? null : reportedMetadata;
        this.version = version;
    }

    long version() {
        return version;
    }

    /**
     * The document after an accepted update: each section merged with the request's (null deletes a key, objects merge
     * key by key, arrays and values replace, a key left with no value is removed, an empty object changes nothing), the
     * leaves the request wrote stamped {@code now}, the others keeping their time, and the version one higher.
     *
     * @param state the request's {@code state}: an object with {@code desired} and/or {@code reported}, or null to clear both
     */
    ShadowDocument updated(JsonNode state, long now) {
        if (state.isNull()) {
            return new ShadowDocument(null, null, null, null, version + 1);
        }
        JsonNode desiredPatch = state.get("desired");
        JsonNode reportedPatch = state.get("reported");
        ObjectNode newDesired = merged(desired, desiredPatch);
        ObjectNode newReported = merged(reported, reportedPatch);
        return new ShadowDocument(newDesired, newReported,
                newDesired == null ? null : metadata(newDesired, desiredMetadata, desiredPatch instanceof ObjectNode patch ? patch : null, now),
                newReported == null ? null : metadata(newReported, reportedMetadata, reportedPatch instanceof ObjectNode patch ? patch : null, now),
                version + 1);
    }

    /** The same document with another version: a shadow re-created after a delete carries on from the old one. */
    static ShadowDocument empty(long version) {
        return new ShadowDocument(null, null, null, null, version);
    }

    /** The bytes of {@code desired} and {@code reported} as JSON, which AWS IoT's 8 KB limit counts (metadata does not). */
    int stateBytes() {
        return ShadowJson.utf8Length(state(false));
    }

    /** {@code {"desired":..., "reported":...}}, with the {@code delta} when asked for and not empty. */
    ObjectNode state(boolean withDelta) {
        ObjectNode state = NODES.objectNode();
        if (desired != null) {
            state.set("desired", desired.deepCopy());
        }
        if (reported != null) {
            state.set("reported", reported.deepCopy());
        }
        if (withDelta) {
            ObjectNode delta = delta();
            if (delta != null) {
                state.set("delta", delta);
            }
        }
        return state;
    }

    /** {@code {"desired":..., "reported":...}} of the metadata. */
    ObjectNode metadata() {
        ObjectNode metadata = NODES.objectNode();
        if (desiredMetadata != null) {
            metadata.set("desired", desiredMetadata.deepCopy());
        }
        if (reportedMetadata != null) {
            metadata.set("reported", reportedMetadata.deepCopy());
        }
        return metadata;
    }

    /**
     * What {@code desired} holds that {@code reported} does not (a missing key or another value; nested objects
     * recursively, keeping the path to each differing leaf; arrays compared whole; {@code 1} equals {@code 1.0}), or
     * null when they agree. Keys only reported are never in it.
     */
    ObjectNode delta() {
        if (desired == null) {
            return null;
        }
        return ShadowJson.delta(desired, reported == null ? NODES.objectNode() : reported);
    }

    /** The metadata of the delta's leaves: the {@code desired} leaves' own times, not the time of the update that made it. */
    ObjectNode deltaMetadata(ObjectNode delta) {
        return ShadowJson.project(desiredMetadata, delta);
    }

    /** The document as {@code update/documents} shows it before or after an update: state, metadata and version. */
    ObjectNode snapshot() {
        ObjectNode snapshot = NODES.objectNode();
        snapshot.set("state", state(false));
        snapshot.set("metadata", metadata());
        snapshot.put("version", version);
        return snapshot;
    }

    /** A document saved as its {@link #snapshot()}. */
    static ShadowDocument read(JsonNode saved) {
        JsonNode state = saved.path("state");
        JsonNode metadata = saved.path("metadata");
        return new ShadowDocument(objectOrNull(state.get("desired")), objectOrNull(state.get("reported")),
                objectOrNull(metadata.get("desired")), objectOrNull(metadata.get("reported")), saved.path("version").asLong());
    }

    private static ObjectNode objectOrNull(JsonNode node) {
        return node instanceof ObjectNode object ? object.deepCopy() : null;
    }

    /** A section merged with a request's section (absent: unchanged; null: removed), or null when it has no keys left. */
    private static ObjectNode merged(ObjectNode stored, JsonNode patch) {
        if (patch == null) {
            return stored;
        }
        if (patch.isNull()) {
            return null;
        }
        ObjectNode merged = stored == null ? NODES.objectNode() : stored.deepCopy();
        mergeInto(merged, (ObjectNode) patch);
        return merged.isEmpty() ? null : merged;
    }

    private static void mergeInto(ObjectNode target, ObjectNode patch) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = patch.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            JsonNode existing = target.get(key);
            if (value.isNull()) {
                target.remove(key); // a null for a key that is not there stores nothing
            } else if (value.isObject()) {
                ObjectNode child = existing instanceof ObjectNode object ? object : NODES.objectNode();
                mergeInto(child, (ObjectNode) value);
                if (!child.isEmpty()) {
                    target.set(key, child);
                } else if (existing instanceof ObjectNode) {
                    target.remove(key); // its last key was deleted
                }
                // an empty object (or one of nulls only) for a missing key or a value changes nothing
            } else {
                target.set(key, value.deepCopy());
            }
        }
    }

    /**
     * The metadata of a merged section: the same tree, each leaf {@code {"timestamp": t}} (an array one such object per
     * element), with {@code t} = {@code now} where the request wrote the leaf and the stored time elsewhere.
     */
    private static ObjectNode metadata(ObjectNode section, ObjectNode stored, ObjectNode patch, long now) {
        ObjectNode metadata = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = section.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode value = field.getValue();
            JsonNode written = patch == null ? null : patch.get(key);
            JsonNode storedMetadata = stored == null ? null : stored.get(key);
            if (value.isObject()) {
                metadata.set(key, metadata((ObjectNode) value, storedMetadata instanceof ObjectNode object ? object : null,
                        written instanceof ObjectNode object ? object : null, now));
            } else if (written != null || storedMetadata == null) {
                metadata.set(key, ShadowJson.stamp(value, now));
            } else {
                metadata.set(key, storedMetadata.deepCopy());
            }
        }
        return metadata;
    }
}
