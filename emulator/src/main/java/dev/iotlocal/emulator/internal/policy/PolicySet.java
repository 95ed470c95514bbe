package dev.iotlocal.emulator.internal.policy;

import java.util.List;
import java.util.Objects;

/**
 * Policies evaluated together, of which one allow (and no deny) is enough: a certificate's IoT policies with those of
 * its thing's groups, a Cognito identity's IoT policies, or an identity pool role's IAM policy. Immutable.
 *
 * @param kind     whether these are AWS IoT policies or an IAM role's policy
 * @param whose    whose policies they are, for messages: {@code certificate 3f2a…}, {@code the identity pool's authenticated role}
 * @param policies in the order they were found
 */
record PolicySet(Kind kind, String whose, List<Named> policies) {

    PolicySet {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(whose, "whose");
        policies = List.copyOf(policies);
    }

    enum Kind { IOT, IAM }

    /** A policy by name, with where it reached the principal from (its thing group, for an inherited one). */
    record Named(String name, String arn, CompiledPolicy policy, String via) {
        Evaluation.PolicyRef ref() {
            return new Evaluation.PolicyRef(name, arn);
        }
    }
}
