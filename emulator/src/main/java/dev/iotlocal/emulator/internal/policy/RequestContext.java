package dev.iotlocal.emulator.internal.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The values of the policy variables and condition keys one request has, such as {@code iot:ClientId} or
 * {@code iot:Connection.Thing.Attributes[room]}: what {@code ${...}} in a policy resolves to and what its conditions
 * test. A key it does not hold has no value (unresolved in a resource, missing in a condition). Key names are
 * case-insensitive, as IAM's are; the name inside {@code Attributes[...]} is not. Immutable.
 */
final class RequestContext {

    static final String CLIENT_ID = "iot:ClientId";
    static final String SOURCE_IP = "aws:SourceIp";
    static final String DOMAIN_NAME = "iot:DomainName";
    static final String THING_NAME = "iot:Connection.Thing.ThingName";
    static final String THING_TYPE_NAME = "iot:Connection.Thing.ThingTypeName";
    static final String THING_ATTRIBUTES = "iot:Connection.Thing.Attributes";
    static final String THING_IS_ATTACHED = "iot:Connection.Thing.IsAttached";
    static final String CERTIFICATE = "iot:Certificate.";
    static final String COGNITO_SUB = "cognito-identity.amazonaws.com:sub";
    static final String COGNITO_AUD = "cognito-identity.amazonaws.com:aud";
    static final String COGNITO_AMR = "cognito-identity.amazonaws.com:amr";
    static final String CONNECT_ATTRIBUTES = "iot:ConnectAttributes";
    static final String LAST_WILL_TOPIC = "iot:LastWillTopic";

    static final RequestContext EMPTY = new Builder().build();

    private final Map<String, List<String>> values;

    private RequestContext(Map<String, List<String>> values) {
        this.values = Map.copyOf(values);
    }

    static Builder builder() {
        return new Builder();
    }

    Builder toBuilder() {
        Builder builder = new Builder();
        builder.values.putAll(values);
        return builder;
    }

    /** The values of a key, or null when the request has none; a single-valued key has a list of one. */
    List<String> values(String key) {
        return values.get(normalised(key));
    }

    /** The one value of a single-valued key, or null. */
    String value(String key) {
        List<String> found = values(key);
        return found == null || found.isEmpty() ? null : found.get(0);
    }

    /** A key as stored: lower case, except a thing attribute's name. */
    static String normalised(String key) {
        int bracket = key.indexOf('[');
        return bracket < 0
                ? key.toLowerCase(Locale.ROOT)
                : key.substring(0, bracket).toLowerCase(Locale.ROOT) + key.substring(bracket);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RequestContext context && context.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    static final class Builder {
        private final Map<String, List<String>> values = new HashMap<>();

        /** Sets a key to one value; a null value leaves it without one. */
        Builder put(String key, String value) {
            if (value != null) {
                values.put(normalised(key), List.of(value));
            }
            return this;
        }

        /** Sets a multi-valued key, such as {@code iot:ConnectAttributes}, possibly to no values. */
        Builder putAll(String key, List<String> keyValues) {
            values.put(normalised(key), List.copyOf(Objects.requireNonNull(keyValues, "keyValues")));
            return this;
        }

        /** Takes every key of another context. */
        Builder putAll(RequestContext other) {
            values.putAll(other.values);
            return this;
        }

        Builder remove(String key) {
            values.remove(normalised(key));
            return this;
        }

        RequestContext build() {
            return new RequestContext(values);
        }
    }
}
