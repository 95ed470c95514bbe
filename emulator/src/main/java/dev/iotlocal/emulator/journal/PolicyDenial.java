package dev.iotlocal.emulator.journal;

import dev.iotlocal.emulator.identity.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * AWS IoT's policies did not allow what a client did; the emulator did on the wire what AWS IoT does (see the
 * README's policy section) and recorded this. Immutable.
 *
 * @param clientId            the client id of the connection, or empty for an HTTPS request
 * @param principal           who was evaluated
 * @param action              such as {@code iot:Publish}
 * @param resource            the resource ARN, such as {@code arn:aws:iot:us-east-1:000000000000:topic/dt/thermo/temp}
 * @param decision            why: a statement denied it, or none allowed it
 * @param allowedBy           the policies with a statement that allows it (a denial with some: another denied, or a
 *                            second set of policies, a Cognito role's, did not allow)
 * @param deniedBy            the policies with a statement that denies it
 * @param notMatching         the policies with neither
 * @param unresolvedVariables policy variables and condition keys that had no value where a statement needed one,
 *                            such as {@code iot:Connection.Thing.ThingName}
 * @param explanation         what happened and what to change, readable by a person (also the log line)
 * @param time                when it happened
 */
public record PolicyDenial(String clientId, Principal principal, String action, String resource, Decision decision,
                           List<String> allowedBy, List<String> deniedBy, List<String> notMatching, List<String> unresolvedVariables,
                           String explanation, Instant time) implements JournalEntry {

    public PolicyDenial {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(decision, "decision");
        allowedBy = List.copyOf(allowedBy);
        deniedBy = List.copyOf(deniedBy);
        notMatching = List.copyOf(notMatching);
        unresolvedVariables = List.copyOf(unresolvedVariables);
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(time, "time");
    }

    /** Why a request was denied, in TestAuthorization's words. */
    public enum Decision {
        /** A statement of an applicable policy denies it: that wins over any number of allows. */
        EXPLICIT_DENY,
        /** No statement allows it (the default for everything). */
        IMPLICIT_DENY
    }

    /** The resource without its {@code arn:aws:iot:<region>:<account>:} prefix, such as {@code topic/dt/thermo/temp}. */
    public String resourceName() {
        int at = 0;
        for (int part = 0; part < 5; part++) {
            int colon = resource.indexOf(':', at);
            if (colon < 0) {
                return resource;
            }
            at = colon + 1;
        }
        return resource.substring(at);
    }

    @Override
    public String toString() {
        return decision + " of " + action + " on " + resourceName() + (clientId.isEmpty() ? "" : " for client '" + clientId + "'")
                + ": " + explanation;
    }
}
