package dev.iotlocal.client;

/**
 * Cognito refused the auth Lambda's token in {@code Logins}: not an ID token, expired, from another user pool,
 * or a user pool that is not a login provider of the identity pool.
 */
public final class LoginRejectedException extends IotClientException {

    private static final long serialVersionUID = 1L;

    public LoginRejectedException(String message, Throwable cause) {
        super(Step.AUTHENTICATED_CREDENTIALS, message, cause);
    }
}
