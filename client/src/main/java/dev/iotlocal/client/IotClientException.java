package dev.iotlocal.client;

import java.util.Objects;

/**
 * A failure to connect to AWS IoT, with the step of the seed flow that failed and a message that says what
 * to check. Subclasses name the failures a person can act on; this class itself carries any other failure
 * with the AWS service's or the CRT's own words.
 */
public class IotClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The steps of the Cognito → auth Lambda → Cognito → MQTT flow (and the device connection). */
    public enum Step {
        /** Step 1: {@code GetId} and {@code GetCredentialsForIdentity} without a login. */
        UNAUTHENTICATED_CREDENTIALS("getting unauthenticated credentials from Cognito"),
        /** Step 2: invoking the auth Lambda with those credentials for an ID token. */
        AUTH_FUNCTION("calling the auth function"),
        /** Steps 3 and 4: {@code GetId} and {@code GetCredentialsForIdentity} with the token in {@code Logins}. */
        AUTHENTICATED_CREDENTIALS("getting authenticated credentials from Cognito"),
        /** Step 5: the MQTT connection to AWS IoT (over WebSocket with SigV4, or over mutual TLS). */
        MQTT_CONNECTION("connecting to AWS IoT");

        private final String description;

        Step(String description) {
            this.description = description;
        }

        /** What the step does, for messages: "calling the auth function". */
        public String description() {
            return description;
        }
    }

    private final Step step;

    /**
     * @param step    the step that failed
     * @param message what failed and what to check, in a sentence or two
     * @param cause   the SDK's or the CRT's exception, if any
     */
    public IotClientException(Step step, String message, Throwable cause) {
        super(message, cause);
        this.step = Objects.requireNonNull(step, "step");
    }

    /** The step of the flow that failed. */
    public Step step() {
        return step;
    }
}
