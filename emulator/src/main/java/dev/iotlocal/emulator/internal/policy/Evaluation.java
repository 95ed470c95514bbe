package dev.iotlocal.emulator.internal.policy;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the policies decided for one action on one resource, and which of them did what, as TestAuthorization
 * reports it. Immutable.
 *
 * @param action               such as {@code iot:Publish}
 * @param resource             the resource ARN
 * @param allowed              the policies with a statement that allows it
 * @param explicitDeny         the policies with a statement that denies it
 * @param implicitDeny         the policies with neither
 * @param missingContextValues the policy variables and condition keys that had no value where a statement covering
 *                             the action needed one
 */
public record Evaluation(String action, String resource, Decision decision, List<PolicyRef> allowed, List<PolicyRef> explicitDeny,
                         List<PolicyRef> implicitDeny, List<String> missingContextValues) {

    public Evaluation {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(decision, "decision");
        allowed = List.copyOf(allowed);
        explicitDeny = List.copyOf(explicitDeny);
        implicitDeny = List.copyOf(implicitDeny);
        missingContextValues = List.copyOf(missingContextValues);
    }

    /** A policy as TestAuthorization and the journal name it. */
    public record PolicyRef(String policyName, String policyArn) {}

    public boolean isAllowed() {
        return decision == Decision.ALLOWED;
    }

    /**
     * Evaluations that must all allow, as one: the policy sets of one request (a Cognito identity's IoT policies and
     * its role's IAM policy), or the resources of one TestAuthorization {@code authInfo}. An explicit deny in any
     * wins, then an implicit deny in any; otherwise allowed. Each list names a policy once.
     */
    public static Evaluation all(List<Evaluation> evaluations) {
        if (evaluations.size() == 1) {
            return evaluations.get(0);
        }
        Decision decision = Decision.ALLOWED;
        Set<PolicyRef> allowed = new LinkedHashSet<>();
        Set<PolicyRef> explicitDeny = new LinkedHashSet<>();
        Set<PolicyRef> implicitDeny = new LinkedHashSet<>();
        LinkedHashSet<String> missing = new LinkedHashSet<>();
        for (Evaluation evaluation : evaluations) {
            if (evaluation.decision == Decision.EXPLICIT_DENY) {
                decision = Decision.EXPLICIT_DENY;
            } else if (evaluation.decision == Decision.IMPLICIT_DENY && decision == Decision.ALLOWED) {
                decision = Decision.IMPLICIT_DENY;
            }
            allowed.addAll(evaluation.allowed);
            explicitDeny.addAll(evaluation.explicitDeny);
            implicitDeny.addAll(evaluation.implicitDeny);
            missing.addAll(evaluation.missingContextValues);
        }
        Evaluation first = evaluations.get(0);
        return new Evaluation(first.action, first.resource, decision, List.copyOf(allowed), List.copyOf(explicitDeny),
                List.copyOf(implicitDeny), List.copyOf(missing));
    }
}
