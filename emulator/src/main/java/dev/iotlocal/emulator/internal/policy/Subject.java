package dev.iotlocal.emulator.internal.policy;

import java.util.List;
import java.util.Objects;

/**
 * Who is evaluated and with what: the policy sets that must all allow (one for a certificate, an IoT set and an IAM
 * set for an authenticated Cognito identity, an IAM set for an unauthenticated one) and the request context their
 * variables and conditions read. Immutable.
 *
 * @param described  for messages: {@code certificate 3f2a9c41…}, {@code Cognito identity us-east-1:…}
 * @param target     what AttachPolicy takes for it (a certificate ARN or identity id), or empty when IoT policies do not apply
 * @param thingNote  why thing variables have no value, when they have none, for messages
 */
record Subject(String described, String target, List<PolicySet> sets, RequestContext context, String thingNote) {

    Subject {
        Objects.requireNonNull(described, "described");
        Objects.requireNonNull(target, "target");
        sets = List.copyOf(sets);
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(thingNote, "thingNote");
    }
}
