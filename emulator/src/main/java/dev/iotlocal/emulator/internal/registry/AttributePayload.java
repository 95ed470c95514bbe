package dev.iotlocal.emulator.internal.registry;

import java.util.Map;
import java.util.TreeMap;

/**
 * AWS IoT's {@code AttributePayload} of a thing or thing group: attributes and whether an update merges them into
 * what is stored or replaces it. In an update an empty value removes that attribute, as the service model says.
 * Immutable.
 *
 * @param attributes the attributes as given, empty when none were
 * @param merge      whether an update merges ({@code merge} is only meaningful for UpdateThing and UpdateThingGroup)
 */
public record AttributePayload(Map<String, String> attributes, boolean merge) {

    public AttributePayload {
        attributes = Map.copyOf(attributes);
    }

    /** What the attributes are after this payload updates {@code current}. */
    Map<String, String> appliedTo(Map<String, String> current) {
        Map<String, String> result = merge ? new TreeMap<>(current) : new TreeMap<>();
        attributes.forEach((name, value) -> {
            if (value.isEmpty()) {
                result.remove(name);
            } else {
                result.put(name, value);
            }
        });
        return result;
    }
}
