package dev.iotlocal.client;

/** Lambda does not know the auth function: a wrong {@code aws-iot.auth.function-name}, region or endpoint. */
public final class AuthFunctionNotFoundException extends IotClientException {

    private static final long serialVersionUID = 1L;

    public AuthFunctionNotFoundException(String message, Throwable cause) {
        super(Step.AUTH_FUNCTION, message, cause);
    }
}
