package dev.iotlocal.emulator.internal.policy;

import dev.iotlocal.emulator.internal.policy.PolicyDocument.Effect;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One policy set made ready for one action and one request context: only the statements that cover the action and
 * whose conditions hold are kept, with their resources' variables filled in. What is left per request is matching
 * resource ARNs, with no parsing and no lookups, so the broker can ask for every PUBLISH and every delivery. The
 * same code answers TestAuthorization, so there is one evaluation, not a fast one and a thorough one. Immutable.
 */
final class PreparedAction {

    private final String action;
    private final PolicySet set;
    private final List<Rule> rules;
    private final List<String> missing;
    private final List<Unmet> unmet;

    /** A statement that applies: its effect and its resource patterns (entries whose variables did not resolve left out). */
    record Rule(PolicySet.Named policy, CompiledPolicy.Statement statement, Effect effect, List<ResourcePattern> patterns,
                boolean notResource) {

        boolean matches(String resource) {
            boolean listed = false;
            for (ResourcePattern pattern : patterns) {
                if (pattern.matches(resource)) {
                    listed = true;
                    break;
                }
            }
            return listed != notResource;
        }
    }

    /** A statement that covers the action but does not apply: a condition does not hold. */
    record Unmet(PolicySet.Named policy, CompiledPolicy.Statement statement, Condition condition) {}

    private PreparedAction(String action, PolicySet set, List<Rule> rules, List<String> missing, List<Unmet> unmet) {
        this.action = action;
        this.set = set;
        this.rules = List.copyOf(rules);
        this.missing = List.copyOf(missing);
        this.unmet = List.copyOf(unmet);
    }

    static PreparedAction prepare(String action, PolicySet set, RequestContext context) {
        String lowerCased = action.toLowerCase(Locale.ROOT);
        List<Rule> rules = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        List<Unmet> unmet = new ArrayList<>();
        for (PolicySet.Named policy : set.policies()) {
            for (CompiledPolicy.Statement statement : policy.policy().statements()) {
                if (!statement.covers(lowerCased)) {
                    continue;
                }
                Condition failing = statement.failingCondition(context, missing);
                if (failing != null) {
                    unmet.add(new Unmet(policy, statement, failing));
                    continue;
                }
                List<ResourcePattern> patterns = new ArrayList<>();
                for (Template resource : statement.resources()) {
                    String pattern = resource.pattern(context, missing);
                    if (pattern != null) {
                        patterns.add(ResourcePattern.of(pattern));
                    }
                }
                rules.add(new Rule(policy, statement, statement.effect(), patterns, statement.notResource()));
            }
        }
        return new PreparedAction(action, set, rules, List.copyOf(missing), unmet);
    }

    String action() {
        return action;
    }

    PolicySet set() {
        return set;
    }

    List<Rule> rules() {
        return rules;
    }

    List<Unmet> unmet() {
        return unmet;
    }

    List<String> missing() {
        return missing;
    }

    /** The decision alone, for the broker's every packet. */
    Decision decide(String resource) {
        boolean allowed = false;
        for (Rule rule : rules) {
            if (rule.matches(resource)) {
                if (rule.effect() == Effect.DENY) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
    }

    /** The decision with what each policy did, as TestAuthorization and a denial's journal entry report it. */
    Evaluation evaluate(String resource) {
        List<Evaluation.PolicyRef> allowed = new ArrayList<>();
        List<Evaluation.PolicyRef> denied = new ArrayList<>();
        List<Evaluation.PolicyRef> neither = new ArrayList<>();
        for (PolicySet.Named policy : set.policies()) {
            boolean allows = false;
            boolean denies = false;
            for (Rule rule : rules) {
                if (rule.policy() == policy && rule.matches(resource)) {
                    if (rule.effect() == Effect.DENY) {
                        denies = true;
                    } else {
                        allows = true;
                    }
                }
            }
            (denies ? denied : allows ? allowed : neither).add(policy.ref());
        }
        Decision decision = !denied.isEmpty() ? Decision.EXPLICIT_DENY : !allowed.isEmpty() ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
        return new Evaluation(action, resource, decision, allowed, denied, neither, missing);
    }

    /**
     * Whether every resource that starts with {@code prefix} is surely allowed: no statement denies anything and one
     * allows all of them. Then the broker need not ask per message.
     */
    boolean allowsEverythingUnder(String prefix) {
        boolean allowsAll = false;
        for (Rule rule : rules) {
            if (rule.effect() == Effect.DENY || rule.notResource()) {
                return false;
            }
            for (ResourcePattern pattern : rule.patterns()) {
                allowsAll |= pattern.matchesEverythingAfter(prefix);
            }
        }
        return allowsAll;
    }
}
