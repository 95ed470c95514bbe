package dev.iotlocal.emulator.internal.policy;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One condition of a statement, compiled: an IAM operator (with its {@code ForAllValues:}/{@code ForAnyValue:}
 * qualifier and {@code IfExists}), one condition key and the values the policy allows, which may hold policy
 * variables. Several values are ORed; a negated operator ({@code StringNotEquals}) holds when no value matches. A key
 * the request does not have makes a positive operator false and a negated one true, {@code IfExists} and
 * {@code ForAllValues:} true, {@code ForAnyValue:} false, as IAM evaluates them. Immutable.
 */
final class Condition {

    private static final Pattern DOTTED_QUAD = Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    /** Hex digits and colons, an IPv4 tail allowed ({@code ::ffff:10.0.0.1}), and a zone ({@code fe80::1%eth0}). */
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(?:%[\\w.-]+)?");

    private enum Qualifier { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    private enum Comparison {
        STRING_EQUALS, STRING_EQUALS_IGNORE_CASE, STRING_LIKE, NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS,
        NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS, DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN,
        DATE_GREATER_THAN_EQUALS, BOOL, BINARY_EQUALS, IP_ADDRESS, ARN_LIKE, NULL
    }

    private final String operator;
    private final String key;
    private final Qualifier qualifier;
    private final Comparison comparison;
    private final boolean negated;
    private final boolean ifExists;
    private final List<Template> values;

    private Condition(String operator, String key, Qualifier qualifier, Comparison comparison, boolean negated, boolean ifExists,
                      List<Template> values) {
        this.operator = operator;
        this.key = key;
        this.qualifier = qualifier;
        this.comparison = comparison;
        this.negated = negated;
        this.ifExists = ifExists;
        this.values = List.copyOf(values);
    }

    /** @param operator as {@link dev.iotlocal.emulator.internal.policy.PolicyDocument} checked it, such as {@code ForAllValues:StringEquals} */
    static Condition of(String operator, String key, List<String> values, boolean variables) {
        String rest = operator;
        Qualifier qualifier = Qualifier.NONE;
        if (rest.startsWith("ForAllValues:")) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            rest = rest.substring("ForAllValues:".length());
        } else if (rest.startsWith("ForAnyValue:")) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            rest = rest.substring("ForAnyValue:".length());
        }
        boolean ifExists = rest.endsWith("IfExists");
        if (ifExists) {
            rest = rest.substring(0, rest.length() - "IfExists".length());
        }
        boolean negated = rest.contains("Not");
        String base = rest.replace("NotEquals", "Equals").replace("NotLike", "Like").replace("NotIpAddress", "IpAddress");
        Comparison comparison = switch (base) {
            case "StringEquals" -> Comparison.STRING_EQUALS;
            case "StringEqualsIgnoreCase" -> Comparison.STRING_EQUALS_IGNORE_CASE;
            case "StringLike" -> Comparison.STRING_LIKE;
            case "NumericEquals" -> Comparison.NUMERIC_EQUALS;
            case "NumericLessThan" -> Comparison.NUMERIC_LESS_THAN;
            case "NumericLessThanEquals" -> Comparison.NUMERIC_LESS_THAN_EQUALS;
            case "NumericGreaterThan" -> Comparison.NUMERIC_GREATER_THAN;
            case "NumericGreaterThanEquals" -> Comparison.NUMERIC_GREATER_THAN_EQUALS;
            case "DateEquals" -> Comparison.DATE_EQUALS;
            case "DateLessThan" -> Comparison.DATE_LESS_THAN;
            case "DateLessThanEquals" -> Comparison.DATE_LESS_THAN_EQUALS;
            case "DateGreaterThan" -> Comparison.DATE_GREATER_THAN;
            case "DateGreaterThanEquals" -> Comparison.DATE_GREATER_THAN_EQUALS;
            case "Bool" -> Comparison.BOOL;
            case "BinaryEquals" -> Comparison.BINARY_EQUALS;
            case "IpAddress" -> Comparison.IP_ADDRESS;
            case "ArnEquals", "ArnLike" -> Comparison.ARN_LIKE; // IAM: the two behave alike
            case "Null" -> Comparison.NULL;
            default -> throw new IllegalArgumentException("Unknown condition operator " + operator);
        };
        // IAM allows no policy variables in Null
        List<Template> templates = values.stream().map(value -> Template.of(value, variables && comparison != Comparison.NULL)).toList();
        return new Condition(operator, key, qualifier, comparison, negated, ifExists, templates);
    }

    /** Whether the operator compares with IAM wildcards, so its values are patterns. */
    private boolean usesWildcards() {
        return comparison == Comparison.STRING_LIKE || comparison == Comparison.ARN_LIKE;
    }

    /**
     * Whether the condition holds for the request.
     *
     * @param missing collects the condition keys and policy variables that had no value where one was needed
     */
    boolean holds(RequestContext context, Collection<String> missing) {
        List<String> requestValues = context.values(key);
        if (comparison == Comparison.NULL) {
            boolean absent = requestValues == null || requestValues.isEmpty();
            return values.stream().anyMatch(value -> Boolean.parseBoolean(value.text()) == absent);
        }
        if (requestValues == null) {
            boolean holds = ifExists || qualifier == Qualifier.FOR_ALL_VALUES || (negated && qualifier != Qualifier.FOR_ANY_VALUE);
            if (!holds) {
                missing.add(key);
            }
            return holds;
        }
        List<String> allowed = new ArrayList<>(values.size());
        for (Template value : values) {
            String resolved = usesWildcards() ? value.pattern(context, missing) : value.value(context, missing);
            if (resolved != null) {
                allowed.add(resolved);
            }
        }
        return switch (qualifier) {
            case NONE -> negated != anyMatches(requestValues, allowed);
            case FOR_ANY_VALUE -> requestValues.stream().anyMatch(requestValue -> negated != matchesOne(requestValue, allowed));
            case FOR_ALL_VALUES -> requestValues.stream().allMatch(requestValue -> negated != matchesOne(requestValue, allowed));
        };
    }

    private boolean anyMatches(List<String> requestValues, List<String> allowed) {
        return requestValues.stream().anyMatch(requestValue -> matchesOne(requestValue, allowed));
    }

    private boolean matchesOne(String requestValue, List<String> allowed) {
        for (String value : allowed) {
            if (compares(requestValue, value)) {
                return true;
            }
        }
        return false;
    }

    /** The positive comparison of one request value with one policy value; values of the wrong kind never match. */
    private boolean compares(String requestValue, String policyValue) {
        return switch (comparison) {
            case STRING_EQUALS, BINARY_EQUALS -> requestValue.equals(policyValue);
            case STRING_EQUALS_IGNORE_CASE -> requestValue.equalsIgnoreCase(policyValue);
            case STRING_LIKE -> Wildcards.matches(policyValue, requestValue);
            case BOOL -> requestValue.toLowerCase(Locale.ROOT).equals(policyValue.toLowerCase(Locale.ROOT));
            case ARN_LIKE -> Wildcards.arnMatches(policyValue, requestValue);
            case IP_ADDRESS -> inRange(requestValue, policyValue);
            case NUMERIC_EQUALS, NUMERIC_LESS_THAN, NUMERIC_LESS_THAN_EQUALS, NUMERIC_GREATER_THAN, NUMERIC_GREATER_THAN_EQUALS -> {
                Integer order = numericOrder(requestValue, policyValue);
                yield order != null && ordered(order);
            }
            case DATE_EQUALS, DATE_LESS_THAN, DATE_LESS_THAN_EQUALS, DATE_GREATER_THAN, DATE_GREATER_THAN_EQUALS -> {
                Instant request = instant(requestValue);
                Instant policy = instant(policyValue);
                yield request != null && policy != null && ordered(request.compareTo(policy));
            }
            case NULL -> throw new IllegalStateException("Null is not a comparison");
        };
    }

    private boolean ordered(int order) {
        return switch (comparison) {
            case NUMERIC_EQUALS, DATE_EQUALS -> order == 0;
            case NUMERIC_LESS_THAN, DATE_LESS_THAN -> order < 0;
            case NUMERIC_LESS_THAN_EQUALS, DATE_LESS_THAN_EQUALS -> order <= 0;
            case NUMERIC_GREATER_THAN, DATE_GREATER_THAN -> order > 0;
            default -> order >= 0;
        };
    }

    private static Integer numericOrder(String request, String policy) {
        try {
            return new BigDecimal(request.trim()).compareTo(new BigDecimal(policy.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An ISO 8601 date-time, a date, or epoch seconds, as IAM's date conditions take them. */
    private static Instant instant(String text) {
        String trimmed = text.trim();
        try {
            if (trimmed.matches("-?\\d+(\\.\\d+)?")) {
                return Instant.ofEpochMilli(new BigDecimal(trimmed).movePointRight(3).longValue());
            }
            if (trimmed.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Instant.parse(trimmed + "T00:00:00Z");
            }
            return OffsetDateTime.parse(trimmed).toInstant();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** Whether an address is in a CIDR range (or equals a plain address), IPv4 or IPv6. */
    private static boolean inRange(String address, String range) {
        try {
            int slash = range.indexOf('/');
            byte[] network = literalAddress(slash < 0 ? range : range.substring(0, slash));
            byte[] candidate = literalAddress(address);
            if (network == null || candidate == null || network.length != candidate.length) {
                return false;
            }
            int bits = slash < 0 ? network.length * 8 : Integer.parseInt(range.substring(slash + 1));
            if (bits < 0 || bits > network.length * 8) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((network[i / 8] & mask) != (candidate[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * The bytes of an IP address in the notation of CIDR ranges: a dotted quad or an IPv6 literal. Not the legacy
     * IPv4 forms the JDK also reads ({@code 10.1} for 10.0.0.1, {@code 167772161}), which CIDR notation does not have, and
     * never a name lookup, which the JDK makes for digits and dots it cannot read ({@code 999.1.1.1}).
     */
    private static byte[] literalAddress(String text) {
        String trimmed = text.trim();
        if (DOTTED_QUAD.matcher(trimmed).matches()) {
            byte[] bytes = new byte[4];
            String[] parts = trimmed.split("\\.");
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return bytes;
        }
        if (!IPV6_LITERAL.matcher(trimmed).matches()) {
            return null;
        }
        try {
            // starts with a hex digit or ':' and holds a ':', so the JDK parses it as IPv6 or refuses it, never looks it up
            return InetAddress.getByName(trimmed).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return operator + " " + key + " " + values;
    }
}
