package dev.iotlocal.emulator.internal.aws;

/**
 * An error an AWS service answers with: its error type ({@code __type} / {@code x-amzn-ErrorType}), message and
 * HTTP status, as the real service sends them.
 */
final class AwsServiceError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String type;
    private final int status;

    AwsServiceError(String type, String message, int status) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }

    // Cognito Identity answers these with 400 even where its model says 403/404 (observed on the real service)
    static AwsServiceError notAuthorized(String message) {
        return new AwsServiceError("NotAuthorizedException", message, 400);
    }

    static AwsServiceError resourceNotFound(String message) {
        return new AwsServiceError("ResourceNotFoundException", message, 400);
    }

    static AwsServiceError invalidParameter(String message) {
        return new AwsServiceError("InvalidParameterException", message, 400);
    }
}
