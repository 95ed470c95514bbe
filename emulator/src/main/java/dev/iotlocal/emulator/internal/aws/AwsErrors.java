package dev.iotlocal.emulator.internal.aws;

import dev.iotlocal.emulator.internal.sigv4.Verification;

/** How AWS services answer a request whose SigV4 signature they refuse. */
final class AwsErrors {

    private AwsErrors() {}

    static AwsServiceError forRefusedSignature(Verification.Refused refused) {
        return switch (refused.reason()) {
            case MISSING_AUTHENTICATION -> new AwsServiceError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
            case UNKNOWN_ACCESS_KEY, INVALID_SESSION_TOKEN ->
                    new AwsServiceError("UnrecognizedClientException", "The security token included in the request is invalid.", 403);
            case EXPIRED_CREDENTIALS -> new AwsServiceError("ExpiredTokenException", "The security token included in the request is expired", 403);
            default -> new AwsServiceError("InvalidSignatureException", refused.message(), 403);
        };
    }
}
