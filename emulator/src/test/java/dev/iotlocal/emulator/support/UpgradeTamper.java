package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.internal.sigv4.Reason;
import dev.iotlocal.emulator.internal.sigv4.SigV4;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * One thing wrong with an otherwise valid presigned WebSocket upgrade, and what AWS IoT answers it with: the
 * reason and the exact message. One set for every level that checks upgrades: the verifier on captured
 * handshakes, and the WSS door with credentials the emulator issued or did not issue.
 *
 * <p>Where a tamper changes what a client would sign (region, service, time, key), the request is signed again
 * with that change, so the refusal does not depend on the order of the verifier's checks.
 */
public enum UpgradeTamper {

    /** One character of {@code X-Amz-Signature} changed. */
    CHANGED_SIGNATURE(Reason.SIGNATURE_MISMATCH, false),
    /** Signed with another secret than the one issued with the access key. */
    OTHER_SECRET(Reason.SIGNATURE_MISMATCH, false),
    /** A port added to {@code Host} after signing, as a client that signs one host and dials another sends it. */
    HOST_WITH_A_PORT(Reason.SIGNATURE_MISMATCH, false),
    /** {@code X-Amz-Date} moved within its minute: still current, but not what was signed. */
    CHANGED_DATE(Reason.SIGNATURE_MISMATCH, false),
    /** Signed for a region other than the emulator's. */
    OTHER_REGION(Reason.WRONG_REGION, true),
    /** Signed for a service other than AWS IoT's. */
    OTHER_SERVICE(Reason.WRONG_SERVICE, true),
    /** The credential scope dated the day before {@code X-Amz-Date}. */
    CREDENTIAL_DATED_THE_DAY_BEFORE(Reason.DATE_MISMATCH, true),
    /** Signed six minutes ago, one more than the allowed clock skew. */
    SIGNED_SIX_MINUTES_AGO(Reason.SIGNATURE_EXPIRED, true),
    /** Signed six minutes ahead, by a client whose clock is fast. */
    SIGNED_SIX_MINUTES_AHEAD(Reason.SIGNATURE_EXPIRED, true),
    /** Signed with an access key that was never issued. */
    UNKNOWN_ACCESS_KEY(Reason.UNKNOWN_ACCESS_KEY, false),
    /** {@code X-Amz-Signature} left out. */
    MISSING_SIGNATURE(Reason.MISSING_AUTHENTICATION, true),
    /** {@code X-Amz-Security-Token} left out, though the credentials are temporary. */
    MISSING_SESSION_TOKEN(Reason.INVALID_SESSION_TOKEN, false),
    /** {@code X-Amz-Security-Token} replaced. */
    FORGED_SESSION_TOKEN(Reason.INVALID_SESSION_TOKEN, false);

    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    private static final Duration SIX_MINUTES = Duration.ofMinutes(6);
    private static final Duration ALLOWED_SKEW = Duration.ofMinutes(5);

    private final Reason reason;
    private final boolean refusedWithoutTheSecret;

    UpgradeTamper(Reason reason, boolean refusedWithoutTheSecret) {
        this.reason = reason;
        this.refusedWithoutTheSecret = refusedWithoutTheSecret;
    }

    /** The verifier's reason for refusing the tampered upgrade. */
    public Reason reason() {
        return reason;
    }

    /**
     * Whether the upgrade is refused before its secret is needed, so also when it is signed with credentials the
     * emulator did not issue and cannot check the signature of.
     */
    public boolean refusedWithoutTheSecret() {
        return refusedWithoutTheSecret;
    }

    /**
     * The tampered copy of an upgrade.
     *
     * @param presigned a valid upgrade presigned by {@code signer}, as AWS IoT clients presign it
     */
    public SignedRequest apply(SignedRequest presigned, RequestSigner signer) {
        return switch (this) {
            case CHANGED_SIGNATURE -> RawRequests.withQueryValue(presigned, "X-Amz-Signature",
                    signature -> (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1));
            case OTHER_SECRET -> signAgain(presigned, signer.secretAccessKey(signer.secretAccessKey() + "x"));
            case HOST_WITH_A_PORT -> RawRequests.withHeader(presigned, "Host",
                    presigned.headerValues("Host").get(0) + ":8443");
            case CHANGED_DATE ->
                    RawRequests.withQueryValue(presigned, "X-Amz-Date", UpgradeTamper::movedWithinItsMinute);
            case OTHER_REGION -> signAgain(presigned,
                    signer.region(signer.region().equals("eu-west-1") ? "us-west-2" : "eu-west-1"));
            case OTHER_SERVICE -> signAgain(presigned, signer.service("execute-api"));
            case CREDENTIAL_DATED_THE_DAY_BEFORE -> RawRequests.withQueryValue(presigned, "X-Amz-Credential",
                    credential -> credential.replace("%2F" + day(signer.time()) + "%2F",
                            "%2F" + day(signer.time().minus(Duration.ofDays(1))) + "%2F"));
            case SIGNED_SIX_MINUTES_AGO -> signAgain(presigned, signer.at(signer.time().minus(SIX_MINUTES)));
            case SIGNED_SIX_MINUTES_AHEAD -> signAgain(presigned, signer.at(signer.time().plus(SIX_MINUTES)));
            case UNKNOWN_ACCESS_KEY -> signAgain(presigned, signer.accessKeyId("ASIAUNKNOWNKEY000000"));
            case MISSING_SIGNATURE -> RawRequests.withoutQueryParameter(presigned, "X-Amz-Signature");
            case MISSING_SESSION_TOKEN -> RawRequests.withoutQueryParameter(presigned, "X-Amz-Security-Token");
            case FORGED_SESSION_TOKEN ->
                    RawRequests.withQueryValue(presigned, "X-Amz-Security-Token", token -> "forged");
        };
    }

    /**
     * The refusal's message, word for word.
     *
     * @param tampered what {@link #apply} returned
     * @param region   the emulator's region
     * @param now      the verifier's clock when it checked the upgrade
     */
    public String message(SignedRequest tampered, String region, Instant now) {
        String amzDate = RawRequests.rawQueryValue(tampered, "X-Amz-Date");
        String[] scope = RequestSigner.decodedQueryValue(tampered, "X-Amz-Credential").split("/");
        return switch (this) {
            case CHANGED_SIGNATURE, OTHER_SECRET, HOST_WITH_A_PORT, CHANGED_DATE -> {
                // the verifier shows what it computed over what it received, as AWS does for debugging
                String canonicalRequest = RequestSigner.canonicalRequest(tampered,
                        RequestSigner.signedHeaders(tampered), Set.of("X-Amz-Signature", "X-Amz-Security-Token"), true);
                yield "The request signature we calculated does not match the signature you provided. Check your AWS "
                        + "Secret Access Key and signing method.\n\nThe Canonical String for this request should have "
                        + "been\n'" + canonicalRequest + "'\n\nThe String-to-Sign should have been\n'"
                        + SigV4.stringToSign(amzDate, SigV4.scope(scope[1], scope[2], scope[3]), canonicalRequest)
                        + "'\n";
            }
            case OTHER_REGION -> "Credential should be scoped to a valid region, not '" + scope[2] + "'. Expected '"
                    + region + "'.";
            case OTHER_SERVICE -> "Credential should be scoped to correct service: 'iotdata' or 'iotdevicegateway', "
                    + "not '" + scope[3] + "'.";
            case CREDENTIAL_DATED_THE_DAY_BEFORE -> "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                    + "version of date from HTTP: '" + scope[1] + "' != '" + amzDate.substring(0, 8) + "', from '"
                    + amzDate + "'.";
            case SIGNED_SIX_MINUTES_AGO -> "Signature expired: " + amzDate + " is now earlier than "
                    + SigV4.formatAmzDate(now.minus(ALLOWED_SKEW)) + " (" + SigV4.formatAmzDate(now) + " - 5 min.)";
            case SIGNED_SIX_MINUTES_AHEAD -> "Signature not yet current: " + amzDate + " is still later than "
                    + SigV4.formatAmzDate(now.plus(ALLOWED_SKEW)) + " (" + SigV4.formatAmzDate(now) + " + 5 min.)";
            case UNKNOWN_ACCESS_KEY -> INVALID_TOKEN;
            case MISSING_SIGNATURE -> "AWS query-string parameters must include 'X-Amz-Algorithm', "
                    + "'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'. Re-examine the "
                    + "query-string parameters. Missing: X-Amz-Signature";
            case MISSING_SESSION_TOKEN -> INVALID_TOKEN
                    + " (These credentials need their session token in X-Amz-Security-Token.)";
            case FORGED_SESSION_TOKEN -> INVALID_TOKEN
                    + " (X-Amz-Security-Token is not the token issued with this access key.)";
        };
    }

    /** Signs the request again as it was signed, with {@code signer} instead. */
    private static SignedRequest signAgain(SignedRequest presigned, RequestSigner signer) {
        return signer.presign(RequestSigner.withoutPresigning(presigned), RequestSigner.signedHeaders(presigned),
                RequestSigner.Token.APPENDED_AFTER_SIGNING);
    }

    /** Half a minute back or forth, whichever stays in the same minute, so the day and the skew stay as they were. */
    private static String movedWithinItsMinute(String amzDate) {
        Instant time = SigV4.parseAmzDate(amzDate);
        return SigV4.formatAmzDate(time.plusSeconds(time.atZone(ZoneOffset.UTC).getSecond() < 30 ? 30 : -30));
    }

    private static String day(Instant time) {
        return SigV4.formatAmzDate(time).substring(0, 8);
    }
}
