package dev.iotlocal.emulator.internal.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.iotlocal.emulator.internal.sigv4.Verification.Refused;
import dev.iotlocal.emulator.internal.sigv4.Verification.Verified;
import dev.iotlocal.emulator.internal.util.ClientText;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks SigV4 signatures on requests the emulator receives, as AWS does: the WSS door calls
 * {@link #verifyQuery} for a presigned {@code GET /mqtt}, the Lambda stub calls {@link #verifyHeader} for an
 * {@code Authorization} header. Strict by design: anything real AWS would refuse is refused, and every
 * malformed request yields a {@link Refused} with a readable message, never an exception.
 *
 * <p>Immutable and thread-safe; one instance can serve every door.
 */
public final class SigV4Verifier {

    /** AWS's general SigV4 rule: a request must arrive within five minutes of its signing time. */
    public static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);

    private static final String ALGORITHM_PARAMETER = "X-Amz-Algorithm";
    private static final String CREDENTIAL_PARAMETER = "X-Amz-Credential";
    private static final String DATE_PARAMETER = "X-Amz-Date";
    private static final String SIGNED_HEADERS_PARAMETER = "X-Amz-SignedHeaders";
    private static final String SIGNATURE_PARAMETER = "X-Amz-Signature";
    private static final String EXPIRES_PARAMETER = "X-Amz-Expires";
    private static final String SECURITY_TOKEN = "X-Amz-Security-Token";
    private static final List<String> REQUIRED_QUERY_PARAMETERS = List.of(ALGORITHM_PARAMETER,
            CREDENTIAL_PARAMETER, SIGNATURE_PARAMETER, DATE_PARAMETER, SIGNED_HEADERS_PARAMETER);
    private static final List<String> AUTHORIZATION_COMPONENTS = List.of("Credential", "SignedHeaders", "Signature");
    /** S3's presigning limit, seven days; AWS IoT clients send no {@code X-Amz-Expires} at all. */
    private static final long MAX_EXPIRES_SECONDS = 604_800;
    private static final Pattern EXPIRES = Pattern.compile("[0-9]{1,6}");
    private static final Pattern SCOPE_DATE = Pattern.compile("[0-9]{8}");
    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
    /** Client-supplied text quoted in messages is cut to this length, so a huge value cannot bloat a reply. */
    private static final int QUOTE_LIMIT = 64;

    private static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    private static final String SIGNATURE_DOES_NOT_MATCH = "The request signature we calculated does not match "
            + "the signature you provided. Check your AWS Secret Access Key and signing method.";

    private final Clock clock;

    /** @param clock the time signatures and credentials are checked against; tests pass a fixed clock */
    public SigV4Verifier(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies a presigned request: {@code X-Amz-Algorithm}, {@code X-Amz-Credential}, {@code X-Amz-Date},
     * {@code X-Amz-SignedHeaders} and {@code X-Amz-Signature} in the query, optionally {@code X-Amz-Expires} and
     * {@code X-Amz-Security-Token}. AWS IoT clients append the token after signing, so the signature is first
     * checked over a canonical query without the token; plain SigV4 presigning signs the token too, so a
     * signature over the query with the token is accepted as well.
     */
    public Verification verifyQuery(SignedRequest request, Expectations expected, CredentialLookup credentials) {
        try {
            List<SigV4.QueryParameter> query = parseQuery(request.rawQuery());
            List<String> missing = REQUIRED_QUERY_PARAMETERS.stream()
                    .filter(name -> query.stream().noneMatch(parameter -> parameter.name().equals(name)))
                    .toList();
            if (!missing.isEmpty()) {
                throw new Refusal(Reason.MISSING_AUTHENTICATION, "AWS query-string parameters must include "
                        + "'X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', "
                        + "'X-Amz-SignedHeaders'. Re-examine the query-string parameters. Missing: "
                        + String.join(", ", missing));
            }
            requireAlgorithm(onlyValue(query, ALGORITHM_PARAMETER));
            Claim claim = new Claim(onlyValue(query, CREDENTIAL_PARAMETER), onlyValue(query, DATE_PARAMETER),
                    onlyValue(query, SIGNED_HEADERS_PARAMETER), onlyValue(query, SIGNATURE_PARAMETER),
                    optionalValue(query, EXPIRES_PARAMETER), optionalValue(query, SECURITY_TOKEN));
            Checked checked = check(claim, request, expected, credentials);

            String withoutToken = canonicalRequest(request, checked, Set.of(SIGNATURE_PARAMETER, SECURITY_TOKEN));
            if (signatureMatches(checked, withoutToken, claim.signature())) {
                return checked.verified();
            }
            if (claim.securityToken() != null
                    && signatureMatches(checked, canonicalRequest(request, checked, Set.of(SIGNATURE_PARAMETER)),
                    claim.signature())) {
                return checked.verified();
            }
            return signatureMismatch(checked, withoutToken);
        } catch (Refusal refusal) {
            return refusal.refused;
        }
    }

    /**
     * Verifies a request signed in its {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
     * Signature=...} header, with its signing time in {@code X-Amz-Date} (or, failing that, {@code Date}) and
     * an optional {@code X-Amz-Security-Token} header. The date header must be signed, as AWS requires.
     */
    public Verification verifyHeader(SignedRequest request, Expectations expected, CredentialLookup credentials) {
        try {
            String authorization = onlyHeader(request, "Authorization");
            if (authorization == null || authorization.isBlank()) {
                throw new Refusal(Reason.MISSING_AUTHENTICATION, "Missing Authentication Token");
            }
            String[] schemeAndComponents = authorization.strip().split(" ", 2);
            requireAlgorithm(schemeAndComponents[0]);
            Map<String, String> components =
                    authorizationComponents(schemeAndComponents.length < 2 ? "" : schemeAndComponents[1]);
            parseQuery(request.rawQuery()); // a query that is not validly percent-encoded cannot be canonical

            String dateHeader = "x-amz-date";
            String amzDate = onlyHeader(request, dateHeader);
            if (amzDate == null) {
                dateHeader = "date";
                amzDate = fromHttpDate(onlyHeader(request, dateHeader));
            }
            Claim claim = new Claim(components.get("Credential"), amzDate, components.get("SignedHeaders"),
                    components.get("Signature"), null, onlyHeader(request, SECURITY_TOKEN));
            Checked checked = check(claim, request, expected, credentials);
            if (!checked.signedHeaders().contains(dateHeader)) {
                throw new Refusal(Reason.MISSING_SIGNED_HEADER,
                        "The '" + dateHeader + "' header that dates the request must be a signed header.");
            }

            String canonicalRequest = canonicalRequest(request, checked, Set.of());
            return signatureMatches(checked, canonicalRequest, claim.signature())
                    ? checked.verified()
                    : signatureMismatch(checked, canonicalRequest);
        } catch (Refusal refusal) {
            return refusal.refused;
        }
    }

    /** What a request claims about its signature, before any of it is checked. */
    private record Claim(String credential, String amzDate, String signedHeaders, String signature,
                         String expires, String securityToken) {
    }

    /** A claim that passed every check but the signature itself, with what computing the signature needs. */
    private record Checked(String accessKeyId, String date, String region, String service, String amzDate,
                           Instant signedAt, String canonicalUri, List<String> signedHeaders, String payloadHash,
                           byte[] signingKey) {

        Verified verified() {
            return new Verified(accessKeyId, service, signedAt);
        }
    }

    /**
     * The checks both kinds of signing share, cheapest and most telling first: the scope, the time, the signed
     * headers, then the credentials, so a request with several faults gets the same answer every time.
     */
    private Checked check(Claim claim, SignedRequest request, Expectations expected, CredentialLookup credentials)
            throws Refusal {
        Instant now = clock.instant();
        String[] scope = claim.credential().split("/", -1);
        if (scope.length != 5 || scope[0].isEmpty() || !SCOPE_DATE.matcher(scope[1]).matches()
                || scope[2].isEmpty() || scope[3].isEmpty() || !scope[4].equals("aws4_request")) {
            throw new Refusal(Reason.MALFORMED_CREDENTIAL, "Credential " + quote(claim.credential())
                    + " is malformed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
        }
        String accessKeyId = scope[0];
        String date = scope[1];
        String region = scope[2];
        String service = scope[3];
        Instant signedAt = parseAmzDate(claim.amzDate());
        if (!region.equals(expected.region())) {
            throw new Refusal(Reason.WRONG_REGION, "Credential should be scoped to a valid region, not "
                    + quote(region) + ". Expected '" + expected.region() + "'.");
        }
        if (!expected.services().contains(service)) {
            throw new Refusal(Reason.WRONG_SERVICE, "Credential should be scoped to correct service: "
                    + String.join(" or ", expected.services().stream().sorted().map(s -> "'" + s + "'").toList())
                    + ", not " + quote(service) + ".");
        }
        if (!claim.amzDate().startsWith(date)) {
            throw new Refusal(Reason.DATE_MISMATCH, "Date in Credential scope does not match YYYYMMDD from "
                    + "ISO-8601 version of date from HTTP: '" + date + "' != '" + claim.amzDate().substring(0, 8)
                    + "', from '" + claim.amzDate() + "'.");
        }
        checkTime(now, signedAt, claim.amzDate(), claim.expires());
        List<String> signedHeaders = parseSignedHeaders(claim.signedHeaders());

        IssuedSecret secret = credentials.find(accessKeyId)
                .orElseThrow(() -> new Refusal(Reason.UNKNOWN_ACCESS_KEY, INVALID_TOKEN));
        // expired from the expiration instant on, as the credential registry counts it
        if (secret.expiration() != null && !now.isBefore(secret.expiration())) {
            throw new Refusal(Reason.EXPIRED_CREDENTIALS, "The security token included in the request is expired");
        }
        checkSessionToken(secret.sessionToken(), claim.securityToken());
        for (String name : signedHeaders) {
            if (request.headerValues(name).isEmpty()) {
                throw new Refusal(Reason.MISSING_SIGNED_HEADER,
                        "The header '" + name + "' is listed as signed but is missing from the request.");
            }
        }
        String payloadHash = payloadHash(request);
        byte[] signingKey = SigV4.signingKey(secret.secretAccessKey(), date, region, service);
        return new Checked(accessKeyId, date, region, service, claim.amzDate(), signedAt,
                SigV4.canonicalUri(request.rawPath(), expected.normalizePath()), signedHeaders, payloadHash,
                signingKey);
    }

    private static void requireAlgorithm(String algorithm) throws Refusal {
        if (!SigV4.ALGORITHM.equals(algorithm)) {
            throw new Refusal(Reason.UNSUPPORTED_ALGORITHM, "Unsupported signing algorithm " + quote(algorithm)
                    + "; only " + SigV4.ALGORITHM + " is accepted.");
        }
    }

    private static Instant parseAmzDate(String amzDate) throws Refusal {
        try {
            return SigV4.parseAmzDate(amzDate);
        } catch (DateTimeParseException e) {
            throw new Refusal(Reason.MISSING_AUTHENTICATION, "X-Amz-Date " + quote(amzDate)
                    + " must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\".");
        }
    }

    /** Converts an RFC 1123 {@code Date} header, which SigV4 allows instead of {@code X-Amz-Date}. */
    private static String fromHttpDate(String httpDate) throws Refusal {
        if (httpDate == null) {
            throw new Refusal(Reason.MISSING_AUTHENTICATION,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        try {
            return SigV4.formatAmzDate(ZonedDateTime.parse(httpDate.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            throw new Refusal(Reason.MISSING_AUTHENTICATION, "Date header " + quote(httpDate)
                    + " is not an RFC 1123 date.");
        }
    }

    /**
     * Within five minutes of the clock either way; with {@code X-Amz-Expires}, from five minutes before the
     * signing time until the signing time plus that many seconds.
     */
    private static void checkTime(Instant now, Instant signedAt, String amzDate, String expires) throws Refusal {
        if (signedAt.isAfter(now.plus(ALLOWED_CLOCK_SKEW))) {
            throw new Refusal(Reason.SIGNATURE_EXPIRED, "Signature not yet current: " + amzDate
                    + " is still later than " + SigV4.formatAmzDate(now.plus(ALLOWED_CLOCK_SKEW)) + " ("
                    + SigV4.formatAmzDate(now) + " + 5 min.)");
        }
        if (expires == null) {
            if (signedAt.isBefore(now.minus(ALLOWED_CLOCK_SKEW))) {
                throw new Refusal(Reason.SIGNATURE_EXPIRED, "Signature expired: " + amzDate
                        + " is now earlier than " + SigV4.formatAmzDate(now.minus(ALLOWED_CLOCK_SKEW)) + " ("
                        + SigV4.formatAmzDate(now) + " - 5 min.)");
            }
            return;
        }
        long seconds = EXPIRES.matcher(expires).matches() ? Long.parseLong(expires) : 0;
        if (seconds < 1 || seconds > MAX_EXPIRES_SECONDS) {
            throw new Refusal(Reason.MISSING_AUTHENTICATION, "X-Amz-Expires " + quote(expires)
                    + " must be a whole number of seconds from 1 to " + MAX_EXPIRES_SECONDS + ".");
        }
        Instant validUntil = signedAt.plusSeconds(seconds);
        if (now.isAfter(validUntil)) {
            throw new Refusal(Reason.SIGNATURE_EXPIRED, "Signature expired: " + SigV4.formatAmzDate(validUntil)
                    + " (" + amzDate + " + X-Amz-Expires " + seconds + " s) is now earlier than "
                    + SigV4.formatAmzDate(now) + ".");
        }
    }

    /** Lowercase names, sorted, no repeats, separated by {@code ';'}; {@code host} among them, as AWS requires. */
    private static List<String> parseSignedHeaders(String signedHeaders) throws Refusal {
        List<String> names = Arrays.asList(signedHeaders.split(";", -1));
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))
                    || (i > 0 && names.get(i - 1).compareTo(name) >= 0)) {
                throw new Refusal(Reason.MISSING_AUTHENTICATION, "SignedHeaders " + quote(signedHeaders)
                        + " must list lowercase header names, sorted, separated by ';'.");
            }
        }
        if (!names.contains("host")) {
            throw new Refusal(Reason.MISSING_SIGNED_HEADER, "The 'host' header must be a signed header.");
        }
        return List.copyOf(names);
    }

    private static void checkSessionToken(String issued, String presented) throws Refusal {
        if (issued == null && presented != null) {
            throw new Refusal(Reason.INVALID_SESSION_TOKEN,
                    INVALID_TOKEN + " (These credentials have no session token, but X-Amz-Security-Token was sent.)");
        }
        if (issued != null && presented == null) {
            throw new Refusal(Reason.INVALID_SESSION_TOKEN,
                    INVALID_TOKEN + " (These credentials need their session token in X-Amz-Security-Token.)");
        }
        if (issued != null && !MessageDigest.isEqual(issued.getBytes(UTF_8), presented.getBytes(UTF_8))) {
            throw new Refusal(Reason.INVALID_SESSION_TOKEN,
                    INVALID_TOKEN + " (X-Amz-Security-Token is not the token issued with this access key.)");
        }
    }

    /** The declared or computed payload hash; a declared digest must be the body's, as S3 insists. */
    private static String payloadHash(SignedRequest request) throws Refusal {
        String declared = onlyHeader(request, SigV4.CONTENT_SHA256_HEADER);
        String payloadHash = SigV4.payloadHash(request);
        if (declared != null && HEX_SHA256.matcher(payloadHash).matches()
                && !payloadHash.equals(SigV4.sha256Hex(request.body()))) {
            throw new Refusal(Reason.SIGNATURE_MISMATCH,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        return payloadHash;
    }

    private static String canonicalRequest(SignedRequest request, Checked checked, Set<String> excludedParameters) {
        return SigV4.canonicalRequest(request.method(), checked.canonicalUri(),
                SigV4.canonicalQuery(request.rawQuery(), excludedParameters),
                SigV4.canonicalHeaders(request, checked.signedHeaders()), checked.signedHeaders(),
                checked.payloadHash());
    }

    private static boolean signatureMatches(Checked checked, String canonicalRequest, String presented) {
        String expected = SigV4.signature(checked.signingKey(), stringToSign(checked, canonicalRequest));
        return MessageDigest.isEqual(expected.getBytes(UTF_8), presented.getBytes(UTF_8));
    }

    private static String stringToSign(Checked checked, String canonicalRequest) {
        return SigV4.stringToSign(checked.amzDate(),
                SigV4.scope(checked.date(), checked.region(), checked.service()), canonicalRequest);
    }

    /** AWS's reply to a bad signature, with what the signer should have computed, as AWS adds for debugging. */
    private static Refused signatureMismatch(Checked checked, String canonicalRequest) {
        return new Refused(Reason.SIGNATURE_MISMATCH, SIGNATURE_DOES_NOT_MATCH
                + "\n\nThe Canonical String for this request should have been\n'" + canonicalRequest + "'\n\n"
                + "The String-to-Sign should have been\n'" + stringToSign(checked, canonicalRequest) + "'\n");
    }

    private static List<SigV4.QueryParameter> parseQuery(String rawQuery) throws Refusal {
        try {
            return SigV4.parseQuery(rawQuery);
        } catch (IllegalArgumentException e) {
            throw new Refusal(Reason.MISSING_AUTHENTICATION,
                    "The query string is not validly percent-encoded: " + e.getMessage() + ".");
        }
    }

    /** The value of a parameter that must appear exactly once. */
    private static String onlyValue(List<SigV4.QueryParameter> query, String name) throws Refusal {
        String value = optionalValue(query, name);
        if (value == null) {
            throw new Refusal(Reason.MISSING_AUTHENTICATION, "Missing query parameter " + name + ".");
        }
        return value;
    }

    /** The value of a parameter that may appear at most once, or null. */
    private static String optionalValue(List<SigV4.QueryParameter> query, String name) throws Refusal {
        List<String> values = query.stream().filter(p -> p.name().equals(name)).map(SigV4.QueryParameter::value)
                .toList();
        if (values.size() > 1) {
            throw new Refusal(Reason.MISSING_AUTHENTICATION,
                    "The query parameter " + name + " appears " + values.size() + " times; it must appear once.");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** The value of a header that may appear at most once, or null. */
    private static String onlyHeader(SignedRequest request, String name) throws Refusal {
        List<String> values = request.headerValues(name);
        if (values.size() > 1) {
            throw new Refusal(Reason.MISSING_AUTHENTICATION,
                    "The header " + name + " appears " + values.size() + " times; it must appear once.");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** {@code Credential=..., SignedHeaders=..., Signature=...}, each exactly once, in any order. */
    private static Map<String, String> authorizationComponents(String text) throws Refusal {
        Map<String, String> components = new HashMap<>();
        for (String component : text.split(",", -1)) {
            String[] keyAndValue = component.strip().split("=", 2);
            if (keyAndValue.length != 2 || !AUTHORIZATION_COMPONENTS.contains(keyAndValue[0])
                    || components.putIfAbsent(keyAndValue[0], keyAndValue[1]) != null) {
                throw new Refusal(Reason.MISSING_AUTHENTICATION, "Authorization header is malformed at "
                        + quote(component.strip()) + "; expecting \"" + SigV4.ALGORITHM
                        + " Credential=..., SignedHeaders=..., Signature=...\".");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String name : AUTHORIZATION_COMPONENTS) {
            if (!components.containsKey(name)) {
                missing.add("Authorization header requires '" + name + "' parameter.");
            }
        }
        if (!missing.isEmpty()) {
            throw new Refusal(Reason.MISSING_AUTHENTICATION, String.join(" ", missing));
        }
        return components;
    }

    private static String quote(String clientText) {
        return "'" + ClientText.printable(clientText, QUOTE_LIMIT) + "'";
    }

    /** Carries a refusal out of the nested checks; no stack trace, since it is an answer, not a failure. */
    private static final class Refusal extends Exception {

        private final Refused refused;

        Refusal(Reason reason, String message) {
            super(message, null, false, false);
            this.refused = new Refused(reason, message);
        }
    }
}
