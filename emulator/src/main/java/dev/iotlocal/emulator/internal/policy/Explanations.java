package dev.iotlocal.emulator.internal.policy;

import dev.iotlocal.emulator.internal.policy.PolicyDocument.Effect;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The readable line a denial gets, which says what happened and what to change: {@code no policy is attached to
 * certificate 3f2a…: attach one with AttachPolicy}, {@code policy thermostat-policy allows iot:Publish on
 * topic/dt/thermostat/* but the client published to 'dt/thermo/temp'}. Built only for denials. Stateless.
 */
final class Explanations {

    private Explanations() {}

    /**
     * @param did       what the client did, such as {@code published to 'dt/thermo/temp'}
     * @param prepared  the subject's sets prepared for the action, in the subject's order
     */
    static String explain(Subject subject, String action, String resource, String did, List<PreparedAction> prepared,
                          List<Evaluation> evaluations) {
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            if (evaluations.get(i).decision() == Decision.ALLOWED) {
                continue;
            }
            sentences.add(explainSet(subject, action, resource, did, prepared.get(i), evaluations.get(i)));
        }
        Set<String> unresolved = new LinkedHashSet<>();
        evaluations.forEach(evaluation -> unresolved.addAll(evaluation.missingContextValues()));
        for (String variable : unresolved) {
            sentences.add(unresolved(subject, variable));
        }
        return capitalised(subject.described()) + " " + did + ", which is not allowed: " + String.join("; ", sentences);
    }

    private static String explainSet(Subject subject, String action, String resource, String did, PreparedAction prepared,
                                     Evaluation evaluation) {
        PolicySet set = prepared.set();
        String shown = shortName(resource);
        if (evaluation.decision() == Decision.EXPLICIT_DENY) {
            List<String> denying = new ArrayList<>();
            for (PreparedAction.Rule rule : prepared.rules()) {
                if (rule.effect() == Effect.DENY && rule.matches(resource)) {
                    denying.add(policyName(rule.policy(), set) + " denies " + action + " on " + patterns(rule)
                            + " (" + rule.statement().described() + ")");
                }
            }
            return String.join(", ", denying) + "; an explicit Deny wins over any Allow: narrow or remove that statement";
        }
        if (set.policies().isEmpty()) {
            return subject.target().isEmpty() || set.kind() == PolicySet.Kind.IAM
                    ? set.whose() + " has no policy"
                    : "no " + (subject.sets().size() > 1 ? "IoT " : "") + "policy is attached to " + set.whose()
                      + ": attach one with AttachPolicy (target " + subject.target() + ")" + groupsNote(subject);
        }
        List<String> allowing = new ArrayList<>();
        for (PreparedAction.Rule rule : prepared.rules()) {
            if (rule.effect() == Effect.ALLOW) {
                allowing.add(policyName(rule.policy(), set) + " allows " + action + " on " + patterns(rule));
            }
        }
        List<String> sentences = new ArrayList<>();
        if (!allowing.isEmpty()) {
            sentences.add(String.join(", ", allowing) + " but the client " + did + " (" + shown + ")");
        }
        for (PreparedAction.Unmet unmet : prepared.unmet()) {
            if (unmet.statement().effect() == Effect.ALLOW) {
                sentences.add(policyName(unmet.policy(), set) + "'s " + unmet.statement().described() + " would allow " + action
                        + " but its condition " + unmet.condition() + " does not hold" + conditionHint(unmet.condition(), subject));
            }
        }
        if (sentences.isEmpty()) {
            String names = set.policies().stream().map(PolicySet.Named::name).distinct().collect(Collectors.joining(", "));
            sentences.add((set.kind() == PolicySet.Kind.IAM ? set.whose() : "the " + (set.policies().size() == 1 ? "policy " : "policies ")
                    + names + " of " + set.whose()) + " allow" + (set.policies().size() == 1 && set.kind() == PolicySet.Kind.IOT ? "s" : "")
                    + " no " + action + ": add a statement allowing " + action + " on " + shown);
        } else if (set.kind() == PolicySet.Kind.IAM) {
            sentences.add(0, set.whose() + " does not allow " + action + " on " + shown);
        }
        return String.join("; ", sentences);
    }

    /** For a certificate connection without a thing: its thing's groups' policies would apply only with one. */
    private static String groupsNote(Subject subject) {
        boolean certificate = subject.target().contains(":cert/");
        boolean connection = subject.context().value(RequestContext.CLIENT_ID) != null;
        return certificate && connection && subject.context().value(RequestContext.THING_NAME) == null
                ? "; policies of thing groups apply only to a connection associated with a thing, and " + subject.thingNote()
                : "";
    }

    private static String conditionHint(Condition condition, Subject subject) {
        String text = condition.toString();
        if (text.contains("iot:ConnectAttributes")) {
            List<String> attributes = subject.context().values(RequestContext.CONNECT_ATTRIBUTES);
            return " (this CONNECT has iot:ConnectAttributes " + (attributes == null ? "[]" : attributes) + ")";
        }
        return "";
    }

    private static String unresolved(Subject subject, String variable) {
        String lower = variable.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("iot:connection.thing.")) {
            return "${" + variable + "} has no value: " + subject.thingNote();
        }
        if (lower.startsWith("iot:certificate.")) {
            return "${" + variable + "} has no value: the certificate has no such attribute (or its value holds * $ + ? # or is over 1,024 characters)";
        }
        return "${" + variable + "} has no value for this request";
    }

    private static String policyName(PolicySet.Named policy, PolicySet set) {
        if (set.kind() == PolicySet.Kind.IAM) {
            return set.whose() + "'s IAM policy";
        }
        return "policy " + policy.name() + (policy.via().isEmpty() ? "" : " (via " + policy.via() + ")");
    }

    private static String patterns(PreparedAction.Rule rule) {
        List<String> shown = rule.patterns().stream().map(pattern -> shortName(readable(pattern.pattern()))).toList();
        String list = shown.isEmpty() ? "nothing (its resources did not resolve)" : String.join(", ", shown);
        return rule.notResource() ? "everything but " + list : list;
    }

    private static String readable(String pattern) {
        return pattern.replace(Wildcards.LITERAL_STAR, '*').replace(Wildcards.LITERAL_QUESTION_MARK, '?');
    }

    /** An ARN without its {@code arn:partition:service:region:account:} prefix; {@code *} as it is. */
    static String shortName(String arn) {
        int at = 0;
        for (int part = 0; part < 5; part++) {
            int colon = arn.indexOf(':', at);
            if (colon < 0) {
                return arn;
            }
            at = colon + 1;
        }
        return arn.substring(at);
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
