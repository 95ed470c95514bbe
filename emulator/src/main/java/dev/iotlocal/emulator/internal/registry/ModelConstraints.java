package dev.iotlocal.emulator.internal.registry;

import dev.iotlocal.emulator.internal.util.ClientText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The constraints AWS IoT's service model puts on names, attributes and descriptions of things, thing types and
 * thing groups, checked as the service checks them: a value that breaks one is an {@code InvalidRequestException}
 * worded as AWS words its validation errors ({@link #violation}, which every part and the AWS API use). Also the
 * checks things and thing groups share, and how a client's value is quoted in any message ({@link #shown}). Stateless.
 */
public final class ModelConstraints {

    /** {@code TagList} as the AWS API documents tags: at most 50, each {@code Key} 1 to 128 characters, each {@code Value} at most 256. */
    private static final int MAX_TAGS = 50;
    private static final int MAX_TAG_KEY = 128;
    private static final int MAX_TAG_VALUE = 256;
    /**
     * How much of a client's value a message quotes: enough for every name and ARN the model allows (a thing-group ARN
     * with a 128-character name is under 190), so only values that break the model are cut.
     */
    private static final int SHOWN_CHARACTERS = 200;

    /** {@code ThingName}, {@code ThingTypeName} and {@code ThingGroupName}: 1 to 128 of these characters. */
    private static final String NAME = "[a-zA-Z0-9:_-]+";
    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);
    /** {@code AttributeName}: at most 128 (the model has no minimum, but a map key cannot be empty). */
    private static final String ATTRIBUTE_NAME = "[a-zA-Z0-9_.,@/:#-]+";
    private static final Pattern ATTRIBUTE_NAME_PATTERN = Pattern.compile(ATTRIBUTE_NAME);
    /** {@code AttributeValue}: at most 800, possibly empty. */
    private static final String ATTRIBUTE_VALUE = "[a-zA-Z0-9_.,@/:#=\\[\\]-]*";
    private static final Pattern ATTRIBUTE_VALUE_PATTERN = Pattern.compile(ATTRIBUTE_VALUE);
    /** {@code ThingGroupDescription} and {@code ThingTypeDescription}: at most 2028 printable characters and spaces. */
    private static final Pattern DESCRIPTION_PATTERN = Pattern.compile("[\\p{Graph}\\x20]*");

    private ModelConstraints() {}

    /** A thing, thing type or thing group name, as {@code member} of the request. */
    static String name(String value, String member) {
        if (value == null || value.isEmpty() || value.length() > 128) {
            throw violation(value, member, "Member must have length between 1 and 128");
        }
        if (!NAME_PATTERN.matcher(value).matches()) {
            throw violation(value, member, "Member must satisfy regular expression pattern: " + NAME);
        }
        return value;
    }

    /** Attribute names and values, as {@code member} of the request. */
    static void attributes(Map<String, String> attributes, String member) {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (!isAttributeName(attribute.getKey())) {
                throw violation(attribute.getKey(), member, "Map keys must satisfy constraint: [Member must have length less than or equal to 128, "
                        + "Member must satisfy regular expression pattern: " + ATTRIBUTE_NAME + "]");
            }
            String value = attribute.getValue();
            if (value.length() > 800 || !ATTRIBUTE_VALUE_PATTERN.matcher(value).matches()) {
                throw violation(value, member, "Map value must satisfy constraint: [Member must have length less than or equal to 800, "
                        + "Member must satisfy regular expression pattern: " + ATTRIBUTE_VALUE + "]");
            }
        }
    }

    /** An attribute name on its own, as a thing type's searchable attribute or ListThings' filter. */
    static String attributeName(String name, String member) {
        if (!isAttributeName(name)) {
            throw violation(name, member, "Member must have length less than or equal to 128 and satisfy regular expression pattern: "
                    + ATTRIBUTE_NAME);
        }
        return name;
    }

    /** A thing type or thing group description; null is none. */
    static void description(String value, String member) {
        if (value != null && (value.length() > 2028 || !DESCRIPTION_PATTERN.matcher(value).matches())) {
            throw violation(value, member, "Member must have length less than or equal to 2028 and satisfy regular expression pattern: "
                    + "[\\p{Graph}\\x20]*");
        }
    }

    private static boolean isAttributeName(String name) {
        return name.length() <= 128 && ATTRIBUTE_NAME_PATTERN.matcher(name).matches();
    }

    /**
     * A request's {@code tags}, checked.
     *
     * @param tags key and value of each tag, in the order given
     * @return the tags by key, in that order
     */
    public static Map<String, String> tags(List<Map.Entry<String, String>> tags) {
        if (tags.size() > MAX_TAGS) {
            throw violation("tags", "Member must have length less than or equal to " + MAX_TAGS);
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        for (int i = 0; i < tags.size(); i++) {
            String member = "tags." + (i + 1) + ".member.";
            String key = tags.get(i).getKey();
            String value = tags.get(i).getValue();
            if (key.isEmpty()) {
                throw violation(key, member + "Key", "Member must have length greater than or equal to 1");
            }
            if (key.length() > MAX_TAG_KEY) {
                throw violation(key, member + "Key", "Member must have length less than or equal to " + MAX_TAG_KEY);
            }
            if (value.length() > MAX_TAG_VALUE) {
                throw violation(value, member + "Value", "Member must have length less than or equal to " + MAX_TAG_VALUE);
            }
            byKey.put(key, value);
        }
        return byKey;
    }

    /** The number of attributes of a thing or thing group, at most {@code limit}; {@code subject} says which, as "A thing group". */
    static void requireAttributeCount(Map<String, String> attributes, int limit, String subject) {
        if (attributes.size() > limit) {
            throw RegistryError.invalidRequest(subject + " can have at most " + limit + " attributes; this one would have "
                    + attributes.size());
        }
    }

    /**
     * The version a caller expects a thing or thing group to have, or a {@code VersionConflictException}.
     *
     * @param subject  what has the version, as "thing thermostat"
     * @param expected the version the caller last saw, or null not to check
     */
    static void requireVersion(String subject, long version, Long expected) {
        if (expected != null && expected != version) {
            throw new RegistryError(RegistryError.Kind.VERSION_CONFLICT, "The version for " + shown(subject)
                    + " does not match the expected version.");
        }
    }

    /**
     * AWS's validation error for a request member whose value breaks a constraint of the service model.
     *
     * @param value      the value as the client sent it; null is quoted as AWS quotes a missing value
     * @param constraint as the model words it, such as "Member must have length less than or equal to 128"
     */
    public static RegistryError violation(String value, String member, String constraint) {
        return validationError("Value " + (value == null ? "null" : "'" + shown(value) + "'") + " at '" + member + "'", constraint);
    }

    /** {@link #violation(String, String, String)} without quoting the value, for one too long to be worth it. */
    public static RegistryError violation(String member, String constraint) {
        return validationError("Value at '" + member + "'", constraint);
    }

    /** A client's value as a message quotes it: printable, and cut short, so it can neither forge log lines nor bloat a reply. */
    public static String shown(String value) {
        return ClientText.printable(value, SHOWN_CHARACTERS);
    }

    private static RegistryError validationError(String value, String constraint) {
        return RegistryError.invalidRequest("1 validation error detected: " + value + " failed to satisfy constraint: " + constraint);
    }
}
