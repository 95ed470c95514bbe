package dev.iotlocal.emulator.cognito;

/**
 * The emulated auth Lambda: what {@code LambdaClient.invoke} of the configured function runs. The built-in
 * one logs in the configured {@link User}s; implement this to model your own auth Lambda. Called on the AWS
 * API endpoint's request threads, possibly concurrently.
 */
@FunctionalInterface
public interface AuthFunction {

    /**
     * Handles one synchronous invocation.
     *
     * @param payload   the invocation payload as sent (JSON)
     * @param userPool  the emulated user pool, to check passwords and issue ID tokens
     * @return the function's response payload (JSON)
     * @throws FunctionError to answer with a function error ({@code X-Amz-Function-Error}), as a Lambda that throws
     */
    String invoke(String payload, UserPool userPool) throws FunctionError;

    /** The emulated Cognito user pool, as an auth function sees it. Thread-safe. */
    interface UserPool {

        /** The user pool id, e.g. {@code us-east-1_IotLocal1}. */
        String id();

        /** Whether a configured user has this password. */
        boolean passwordMatches(String username, String password);

        /** A signed Cognito ID token (RS256 JWT) for a configured user, as {@code InitiateAuth} returns it. */
        String idToken(String username);
    }

    /** A function error: the invocation succeeds with HTTP 200 and {@code X-Amz-Function-Error}, as Lambda does. */
    final class FunctionError extends Exception {
        private static final long serialVersionUID = 1L;
        private final String errorType;

        /**
         * @param errorType the {@code errorType} of the error payload, e.g. {@code NotAuthorizedException}
         * @param message   the {@code errorMessage}
         */
        public FunctionError(String errorType, String message) {
            super(message);
            this.errorType = errorType;
        }

        public String errorType() {
            return errorType;
        }
    }
}
