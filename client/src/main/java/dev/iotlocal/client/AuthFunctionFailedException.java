package dev.iotlocal.client;

import java.util.Objects;

/**
 * The auth Lambda ran and answered with a function error, typically a wrong user name or password. Carries
 * the function's own {@code errorType} and {@code errorMessage}.
 */
public final class AuthFunctionFailedException extends IotClientException {

    private static final long serialVersionUID = 1L;
    private final String errorType;
    private final String errorMessage;

    /**
     * @param errorType    the function's {@code errorType}, e.g. {@code NotAuthorizedException}
     * @param errorMessage the function's {@code errorMessage}, e.g. "Incorrect username or password."
     */
    public AuthFunctionFailedException(String message, String errorType, String errorMessage) {
        super(Step.AUTH_FUNCTION, message, null);
        this.errorType = Objects.requireNonNull(errorType, "errorType");
        this.errorMessage = Objects.requireNonNull(errorMessage, "errorMessage");
    }

    /** The function's {@code errorType}, e.g. {@code NotAuthorizedException}; empty if it gave none. */
    public String errorType() {
        return errorType;
    }

    /** The function's {@code errorMessage}, e.g. "Incorrect username or password."; empty if it gave none. */
    public String errorMessage() {
        return errorMessage;
    }
}
