package dev.iotlocal.emulator.internal.registry;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The constraints AWS IoT's service model puts on names, attributes and descriptions of things, thing types and
 * thing groups, checked as the service checks them: a value that breaks one is an {@code InvalidRequestException}
 * worded as AWS words its validation errors. Stateless.
 */
final class ModelConstraints {

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

    private static RegistryError violation(String value, String member, String constraint) {
        return RegistryError.invalidRequest("1 validation error detected: Value '" + value + "' at '" + member
                + "' failed to satisfy constraint: " + constraint);
    }
}
