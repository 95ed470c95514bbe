package dev.iotlocal.emulator.internal.sigv4;

/** Why {@link SigV4Verifier} refused a request. */
public enum Reason {
    /**
     * Authentication information is absent or unreadable: a required {@code X-Amz-*} query parameter or the
     * {@code Authorization} header is missing, given twice or malformed, {@code X-Amz-Date} or
     * {@code X-Amz-Expires} is not valid, or the query string is not validly percent-encoded.
     */
    MISSING_AUTHENTICATION,
    /** The algorithm is not {@code AWS4-HMAC-SHA256} (for example SigV4a or another scheme). */
    UNSUPPORTED_ALGORITHM,
    /** The credential is not {@code <access key>/<yyyyMMdd>/<region>/<service>/aws4_request}. */
    MALFORMED_CREDENTIAL,
    /** The credential scope names another region than the emulator's. */
    WRONG_REGION,
    /** The credential scope names a service the receiving door does not stand in for. */
    WRONG_SERVICE,
    /** The credential scope's date is not the day of the signing time. */
    DATE_MISMATCH,
    /** The signing time is too far from the verifier's clock, or {@code X-Amz-Expires} has passed. */
    SIGNATURE_EXPIRED,
    /** No credentials were issued for the access key. */
    UNKNOWN_ACCESS_KEY,
    /** The credentials have expired. */
    EXPIRED_CREDENTIALS,
    /** The session token is missing, differs from the issued one, or was sent for credentials without one. */
    INVALID_SESSION_TOKEN,
    /** A header named in the signed headers is not in the request, or a header AWS requires signed is not. */
    MISSING_SIGNED_HEADER,
    /** The signature (or a declared {@code x-amz-content-sha256}) does not match the request. */
    SIGNATURE_MISMATCH
}
