package dev.iotlocal.emulator.internal.policy;

import static dev.iotlocal.emulator.internal.registry.ModelConstraints.shown;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.iotlocal.emulator.internal.registry.ModelConstraints;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import dev.iotlocal.emulator.internal.util.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An AWS IoT policy document, parsed and checked against the IAM policy grammar as AWS IoT applies it: the model the
 * policy evaluator reads, so a document is parsed once, when it is stored. Strings are kept as written (policy
 * variables, wildcards and the case of action and condition-key names are the evaluator's business).
 * Immutable and thread-safe.
 *
 * @param version    {@code 2012-10-17} or {@code 2008-10-17}; a document without {@code Version} is
 *                   {@code 2008-10-17}, as IAM reads it (so policy variables are literal text in it)
 * @param id         the document's {@code Id}, if it has one
 * @param statements at least one
 */
public record PolicyDocument(String version, Optional<String> id, List<Statement> statements) {

    /** The current policy language version, the only one with policy variables. */
    public static final String VERSION_2012_10_17 = "2012-10-17";
    public static final String VERSION_2008_10_17 = "2008-10-17";
    /** AWS IoT's limit on a policy document, counted without whitespace. */
    public static final int MAX_CHARACTERS = 2048;

    private static final Set<String> TOP_LEVEL_ELEMENTS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_ELEMENTS = Set.of("Sid", "Effect", "Action", "NotAction", "Resource",
            "NotResource", "Condition");
    /** {@code *} or {@code <service>:<action>} with wildcards; IoT policies also carry {@code greengrass:} and {@code iotjobsdata:} actions. */
    private static final Pattern ACTION = Pattern.compile("\\*|[A-Za-z0-9-]+:[A-Za-z0-9_.*?-]+");
    /** {@code *} or an ARN with its six parts ({@code arn:partition:service:region:account:resource}, the last may hold colons). */
    private static final Pattern RESOURCE = Pattern.compile("\\*|arn:[^:]*:[^:]*:[^:]*:[^:]*:.+", Pattern.DOTALL);
    /** IAM's condition operators, with their set qualifiers and {@code IfExists}; {@code Null} takes no {@code IfExists}. */
    private static final Pattern CONDITION_OPERATOR = Pattern.compile("(ForAllValues:|ForAnyValue:)?(?:"
            + "(?:String(?:Equals|NotEquals|EqualsIgnoreCase|NotEqualsIgnoreCase|Like|NotLike)"
            + "|Numeric(?:Equals|NotEquals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)"
            + "|Date(?:Equals|NotEquals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)"
            + "|Bool|BinaryEquals|IpAddress|NotIpAddress|Arn(?:Equals|Like|NotEquals|NotLike))(?:IfExists)?"
            + "|Null)");
    /** Duplicate keys are refused (IAM: a key may appear once in a statement), and so is anything after the object. */
    private static final ObjectReader READER = Json.MAPPER.reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public PolicyDocument {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(id, "id");
        statements = List.copyOf(statements);
    }

    /** Whether {@code ${...}} in this document are policy variables; in a {@code 2008-10-17} document they are literal text. */
    public boolean hasPolicyVariables() {
        return VERSION_2012_10_17.equals(version);
    }

    /** Whether a statement allows or denies what it matches. */
    public enum Effect {
        ALLOW("Allow"), DENY("Deny");

        private final String text;

        Effect(String text) {
            this.text = text;
        }

        /** As a document writes it. */
        public String text() {
            return text;
        }
    }

    /**
     * One statement. Exactly one of {@code actions} and {@code notActions} is non-empty, and exactly one of
     * {@code resources} and {@code notResources}.
     *
     * @param conditions operator (such as {@code ForAllValues:StringEquals}) to condition key to the values, in
     *                   document order; a single value is a list of one, numbers and booleans are their JSON text
     */
    public record Statement(Optional<String> sid, Effect effect, List<String> actions, List<String> notActions,
                            List<String> resources, List<String> notResources,
                            Map<String, Map<String, List<String>>> conditions) {

        public Statement {
            Objects.requireNonNull(sid, "sid");
            Objects.requireNonNull(effect, "effect");
            actions = List.copyOf(actions);
            notActions = List.copyOf(notActions);
            resources = List.copyOf(resources);
            notResources = List.copyOf(notResources);
            Map<String, Map<String, List<String>>> copy = new LinkedHashMap<>();
            conditions.forEach((operator, keys) -> {
                Map<String, List<String>> keysCopy = new LinkedHashMap<>();
                keys.forEach((key, values) -> keysCopy.put(key, List.copyOf(values)));
                copy.put(operator, Collections.unmodifiableMap(keysCopy));
            });
            conditions = Collections.unmodifiableMap(copy);
        }
    }

    /**
     * Parses and checks a document as CreatePolicy and CreatePolicyVersion receive it.
     *
     * @throws RegistryError {@code MalformedPolicyException}, saying what is wrong and where
     */
    public static PolicyDocument parse(String json) {
        Objects.requireNonNull(json, "json");
        long characters = json.codePoints().filter(c -> !Character.isWhitespace(c)).count();
        if (characters > MAX_CHARACTERS) {
            throw malformed("The document has " + characters + " characters excluding whitespace; AWS IoT allows at most "
                    + MAX_CHARACTERS + ".");
        }
        JsonNode root;
        try {
            root = READER.readTree(json);
        } catch (JsonProcessingException e) {
            throw malformed("The document is not valid JSON: " + shown(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw malformed("The document must be a JSON object.");
        }
        root.fieldNames().forEachRemaining(name -> {
            if (!TOP_LEVEL_ELEMENTS.contains(name)) {
                throw malformed("Unknown element " + shown(name) + " at the top of the document; a policy has Version, Id and Statement.");
            }
        });
        String version = optionalString(root, "Version", "the document").orElse(VERSION_2008_10_17);
        if (!version.equals(VERSION_2012_10_17) && !version.equals(VERSION_2008_10_17)) {
            throw malformed("Version must be " + VERSION_2012_10_17 + " or " + VERSION_2008_10_17 + ", not " + shown(version) + ".");
        }
        Optional<String> id = optionalString(root, "Id", "the document");
        JsonNode statement = root.get("Statement");
        if (statement == null) {
            throw malformed("The document has no Statement.");
        }
        List<JsonNode> nodes = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(nodes::add);
        } else {
            nodes.add(statement);
        }
        if (nodes.isEmpty()) {
            throw malformed("Statement must not be empty.");
        }
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            statements.add(statement(nodes.get(i), "statement " + (i + 1)));
        }
        return new PolicyDocument(version, id, statements);
    }

    private static Statement statement(JsonNode node, String where) {
        if (!node.isObject()) {
            throw malformed("Each statement must be a JSON object; " + where + " is not.");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (name.equals("Principal") || name.equals("NotPrincipal")) {
                // IAM refuses a principal in an identity policy, and an IoT policy is one: it is attached to its principals
                throw malformed("Policy document should not specify a principal: " + where + " has " + shown(name) + ".");
            }
            if (!STATEMENT_ELEMENTS.contains(name)) {
                throw malformed("Unknown element " + shown(name) + " in " + where + "; a statement has Sid, Effect, Action or NotAction, "
                        + "Resource or NotResource, and Condition.");
            }
        });
        Optional<String> sid = optionalString(node, "Sid", where);
        String named = sid.map(s -> where + " (Sid " + shown(s) + ")").orElse(where);
        Effect effect = effect(node, named);
        List<List<String>> actions = oneOf(node, "Action", "NotAction", named);
        for (List<String> list : actions) {
            for (String action : list) {
                if (!ACTION.matcher(action).matches()) {
                    throw malformed("The action \"" + shown(action) + "\" in " + named + " is not \"*\" or <service>:<action> (such as iot:Publish).");
                }
            }
        }
        List<List<String>> resources = oneOf(node, "Resource", "NotResource", named);
        List<String> invalid = new ArrayList<>();
        resources.forEach(list -> list.stream().filter(resource -> !RESOURCE.matcher(resource).matches()).map(ModelConstraints::shown)
                .forEach(invalid::add));
        if (!invalid.isEmpty()) {
            throw malformed("The following resources are invalid : " + String.join(", ", invalid) + " (in " + named
                    + "); a resource is \"*\" or an ARN such as arn:aws:iot:<region>:<account>:topic/<topic>.");
        }
        return new Statement(sid, effect, actions.get(0), actions.get(1), resources.get(0), resources.get(1),
                conditions(node.get("Condition"), named));
    }

    private static Effect effect(JsonNode node, String where) {
        JsonNode effect = node.get("Effect");
        if (effect == null) {
            throw malformed(capitalised(where) + " has no Effect.");
        }
        for (Effect candidate : Effect.values()) {
            if (effect.isTextual() && effect.asText().equals(candidate.text())) {
                return candidate;
            }
        }
        throw malformed("Effect must be Allow or Deny, not " + shown(effect.toString()) + ", in " + where + ".");
    }

    /** The values of exactly one of two elements ({@code Action}/{@code NotAction}), as [first's, second's]. */
    private static List<List<String>> oneOf(JsonNode node, String element, String notElement, String where) {
        JsonNode value = node.get(element);
        JsonNode notValue = node.get(notElement);
        if (value != null && notValue != null) {
            throw malformed(capitalised(where) + " has both " + element + " and " + notElement + "; it may have one of them.");
        }
        if (value == null && notValue == null) {
            throw malformed(capitalised(where) + " has neither " + element + " nor " + notElement + "; it needs one of them.");
        }
        return value != null
                ? List.of(strings(value, element, where), List.of())
                : List.of(List.of(), strings(notValue, notElement, where));
    }

    /** A string or a non-empty array of strings. */
    private static List<String> strings(JsonNode value, String element, String where) {
        if (value.isTextual()) {
            return List.of(value.asText());
        }
        List<String> strings = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(item -> strings.add(item.isTextual() ? item.asText() : null));
        }
        if (strings.isEmpty() || strings.contains(null)) {
            throw malformed(element + " in " + where + " must be a string or a non-empty array of strings.");
        }
        return strings;
    }

    private static Map<String, Map<String, List<String>>> conditions(JsonNode condition, String where) {
        Map<String, Map<String, List<String>>> conditions = new LinkedHashMap<>();
        if (condition == null) {
            return conditions;
        }
        if (!condition.isObject()) {
            throw malformed("Condition in " + where + " must be an object of condition operators.");
        }
        for (Map.Entry<String, JsonNode> operator : condition.properties()) {
            if (!CONDITION_OPERATOR.matcher(operator.getKey()).matches()) {
                throw malformed("Unknown condition operator " + shown(operator.getKey()) + " in " + where
                        + "; operators are IAM's (StringEquals, StringLike, ArnEquals, Bool, ...), optionally with ForAllValues: or ForAnyValue: and IfExists.");
            }
            if (!operator.getValue().isObject()) {
                throw malformed("The condition " + shown(operator.getKey()) + " in " + where + " must be an object of condition keys to values.");
            }
            Map<String, List<String>> keys = new LinkedHashMap<>();
            operator.getValue().properties().forEach(key -> keys.put(key.getKey(), conditionValues(key.getValue(),
                    shown(operator.getKey() + " " + key.getKey()), where)));
            conditions.put(operator.getKey(), keys);
        }
        return conditions;
    }

    /** A value or an array of values (possibly empty: {@code ForAllValues:} over no values is how "no attributes" is said). */
    private static List<String> conditionValues(JsonNode value, String condition, String where) {
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else {
            items.add(value);
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isTextual() && !item.isNumber() && !item.isBoolean()) {
                throw malformed("The condition " + condition + " in " + where + " must have a string, number or boolean, or an array of them.");
            }
            values.add(item.asText());
        }
        return values;
    }

    private static Optional<String> optionalString(JsonNode node, String element, String where) {
        JsonNode value = node.get(element);
        if (value == null) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw malformed(element + " in " + where + " must be a string.");
        }
        return Optional.of(value.asText());
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static RegistryError malformed(String detail) {
        // AWS IoT's wording, then what is wrong
        return new RegistryError(RegistryError.Kind.MALFORMED_POLICY, "Policy document is Malformed: " + detail);
    }
}
