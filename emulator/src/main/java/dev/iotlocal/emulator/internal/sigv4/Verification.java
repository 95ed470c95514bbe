package dev.iotlocal.emulator.internal.sigv4;

import java.time.Instant;

/** The outcome of {@link SigV4Verifier}: a request either carries a valid signature or is refused. Immutable. */
public sealed interface Verification {

    /**
     * The signature is valid.
     *
     * @param accessKeyId the access key that signed, to find who it was issued to
     * @param service     the service named in the credential scope
     * @param signedAt    the request's signing time ({@code X-Amz-Date} or {@code Date})
     */
    record Verified(String accessKeyId, String service, Instant signedAt) implements Verification {
    }

    /**
     * The request is refused.
     *
     * @param reason  which rule it broke, for the door to choose a status and for tests to assert on
     * @param message a readable explanation, worded like AWS's where AWS's wording is known
     */
    record Refused(Reason reason, String message) implements Verification {
    }
}
