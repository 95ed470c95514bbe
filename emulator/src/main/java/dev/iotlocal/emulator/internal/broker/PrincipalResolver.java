package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import dev.iotlocal.emulator.identity.Principal;

/**
 * How one listener (door) establishes who is connecting. Implementations must derive the principal only from
 * what the client cannot forge: the verified TLS certificate, or a one-time secret the WSS door issued.
 */
public interface PrincipalResolver {

    /**
     * The outcome: a principal, or why there is none.
     *
     * @param sessionIdentifier the session identifier the door chose, or null for the broker to choose one
     */
    record Resolution(Principal principal, String principalIdentifier, String refusal, String sessionIdentifier) {

        public static Resolution of(Principal principal) {
            return new Resolution(principal, principal.principalIdentifier(), null, null);
        }

        public static Resolution of(Principal principal, String sessionIdentifier) {
            return new Resolution(principal, principal.principalIdentifier(), null, sessionIdentifier);
        }

        public static Resolution refused(String principalIdentifier, String why) {
            return new Resolution(null, principalIdentifier, why, null);
        }
    }

    Resolution resolve(SimpleAuthInput input);
}
