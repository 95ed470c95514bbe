package dev.iotlocal.emulator.internal.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/** The Device Shadow service's JSON rules that are not about one stored document. Stateless. */
final class ShadowJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ShadowJson() {}

    /** The delta of {@code desired} against {@code reported}, or null when there is none; see {@link ShadowDocument#delta()}. */
    static ObjectNode delta(ObjectNode desired, ObjectNode reported) {
        ObjectNode delta = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> fields = desired.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode wanted = field.getValue();
            JsonNode actual = reported.get(field.getKey());
            if (actual == null) {
                delta.set(field.getKey(), wanted.deepCopy());
            } else if (wanted.isObject() && actual.isObject()) {
                ObjectNode nested = delta((ObjectNode) wanted, (ObjectNode) actual);
                if (nested != null) {
                    delta.set(field.getKey(), nested);
                }
            } else if (!sameValue(wanted, actual)) {
                delta.set(field.getKey(), wanted.deepCopy());
            }
        }
        return delta.isEmpty() ? null : delta;
    }

    /** Equal JSON, numbers by value ({@code 1} equals {@code 1.0}), as the shadow service compares them. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** The part of {@code tree} (a metadata tree) at the paths of {@code shape}'s leaves. */
    static ObjectNode project(ObjectNode tree, ObjectNode shape) {
        ObjectNode projected = NODES.objectNode();
        if (tree == null) {
            return projected;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = shape.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode at = tree.get(field.getKey());
            if (at == null) {
                continue;
            }
            if (field.getValue().isObject() && at.isObject()) {
                // an object in the delta is an object in desired, whose metadata is an object of its keys'
                projected.set(field.getKey(), project((ObjectNode) at, (ObjectNode) field.getValue()));
            } else {
                projected.set(field.getKey(), at.deepCopy());
            }
        }
        return projected;
    }

    /**
     * The metadata of a value written at {@code now}: {@code {"timestamp": now}} for a value or a null, an object of
     * such for an object, an array of such (one per element) for an array.
     */
    static JsonNode stamp(JsonNode value, long now) {
        if (value.isObject()) {
            ObjectNode stamped = NODES.objectNode();
            value.fields().forEachRemaining(field -> stamped.set(field.getKey(), stamp(field.getValue(), now)));
            return stamped;
        }
        if (value.isArray()) {
            ArrayNode stamped = NODES.arrayNode();
            value.forEach(element -> stamped.add(stamp(element, now)));
            return stamped;
        }
        return NODES.objectNode().put("timestamp", now);
    }

    /**
     * The nesting depth AWS IoT limits to 6, counted as AWS IoT's own local shadow service counts it: the {@code state}
     * object is level 1, {@code desired} level 2, and each object or array inside one more.
     */
    static int depth(JsonNode node) {
        if (node.isValueNode()) {
            return 0;
        }
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return deepest + 1;
    }

    /** Whether an array somewhere in the tree holds a null, which the shadow service does not store. */
    static boolean arrayHoldsNull(JsonNode node) {
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (element.isNull() || arrayHoldsNull(element)) {
                    return true;
                }
            }
        } else if (node.isObject()) {
            for (JsonNode child : node) {
                if (arrayHoldsNull(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The length of a tree written as compact JSON in UTF-8, without making the bytes. */
    static int utf8Length(JsonNode node) {
        int[] count = new int[1];
        OutputStream counter = new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                count[0] += length;
            }
        };
        try {
            Json.MAPPER.writeValue(counter, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return count[0];
    }
}
