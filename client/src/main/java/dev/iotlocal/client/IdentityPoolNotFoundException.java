package dev.iotlocal.client;

/** Cognito does not know the identity pool: a wrong {@code aws-iot.cognito.identity-pool-id}, region or endpoint. */
public final class IdentityPoolNotFoundException extends IotClientException {

    private static final long serialVersionUID = 1L;

    public IdentityPoolNotFoundException(Step step, String message, Throwable cause) {
        super(step, message, cause);
    }
}
