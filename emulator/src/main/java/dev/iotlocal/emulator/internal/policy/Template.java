package dev.iotlocal.emulator.internal.policy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A string of a policy with its policy variables ({@code ${iot:ClientId}}) found once, when the policy is compiled,
 * and filled in per request. A variable's value is literal text, never a wildcard; {@code ${*}}, {@code ${?}} and
 * {@code ${$}} (also written {@code $(*)}, {@code $(?)}, {@code $($)} as AWS IoT's guide does) stand for a literal
 * {@code *}, {@code ?} and {@code $}. In a {@code 2008-10-17} document there are no variables: the text is taken as
 * written. Immutable.
 */
final class Template {

    private final String text;
    /** Literal text (String) and variable names (Variable), in order; empty when the text has no variables. */
    private final List<Object> parts;

    private record Variable(String name) {}

    private Template(String text, List<Object> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
    }

    /** @param variables whether the document's version has policy variables */
    static Template of(String text, boolean variables) {
        if (!variables || (!text.contains("${") && !text.contains("$("))) {
            return new Template(text, List.of());
        }
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && i + 3 < text.length() && text.charAt(i + 1) == '(' && text.charAt(i + 3) == ')'
                    && "*?$".indexOf(text.charAt(i + 2)) >= 0) {
                literal.append(special(text.charAt(i + 2)));
                i += 4;
                continue;
            }
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                int end = text.indexOf('}', i + 2);
                if (end > 0) {
                    String name = text.substring(i + 2, end).trim();
                    if (name.length() == 1 && "*?$".contains(name)) {
                        literal.append(special(name.charAt(0)));
                    } else {
                        if (!literal.isEmpty()) {
                            parts.add(literal.toString());
                            literal.setLength(0);
                        }
                        parts.add(new Variable(name));
                    }
                    i = end + 1;
                    continue;
                }
            }
            literal.append(c);
            i++;
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return new Template(text, parts);
    }

    private static char special(char c) {
        return switch (c) {
            case '*' -> Wildcards.LITERAL_STAR;
            case '?' -> Wildcards.LITERAL_QUESTION_MARK;
            default -> '$';
        };
    }

    /** As the policy wrote it. */
    String text() {
        return text;
    }

    /** Whether it holds variables to fill in. */
    boolean hasVariables() {
        return parts.stream().anyMatch(Variable.class::isInstance);
    }

    /**
     * The pattern for this request: the text with each variable's value filled in as literal text, or null when a
     * variable has no value in {@code context} (its name is then added to {@code unresolved}), as IAM leaves such
     * an entry matching nothing.
     */
    String pattern(RequestContext context, Collection<String> unresolved) {
        if (parts.isEmpty()) {
            return text;
        }
        StringBuilder pattern = new StringBuilder();
        boolean resolved = true;
        for (Object part : parts) {
            if (part instanceof Variable variable) {
                String value = context.value(variable.name());
                if (value == null) {
                    unresolved.add(variable.name());
                    resolved = false;
                } else {
                    pattern.append(Wildcards.literal(value));
                }
            } else {
                pattern.append((String) part);
            }
        }
        return resolved ? pattern.toString() : null;
    }

    /** The text for this request, for comparisons that have no wildcards; null when a variable has no value. */
    String value(RequestContext context, Collection<String> unresolved) {
        String pattern = pattern(context, unresolved);
        return pattern == null ? null
                : pattern.replace(Wildcards.LITERAL_STAR, '*').replace(Wildcards.LITERAL_QUESTION_MARK, '?');
    }

    @Override
    public String toString() {
        return text;
    }
}
