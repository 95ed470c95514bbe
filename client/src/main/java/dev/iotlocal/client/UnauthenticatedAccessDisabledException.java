package dev.iotlocal.client;

/**
 * The identity pool gives out no unauthenticated identities, but the seed flow calls the auth Lambda with
 * unauthenticated credentials: the pool must allow guest access.
 */
public final class UnauthenticatedAccessDisabledException extends IotClientException {

    private static final long serialVersionUID = 1L;

    public UnauthenticatedAccessDisabledException(String message, Throwable cause) {
        super(Step.UNAUTHENTICATED_CREDENTIALS, message, cause);
    }
}
