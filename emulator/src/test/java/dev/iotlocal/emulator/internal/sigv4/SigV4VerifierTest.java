package dev.iotlocal.emulator.internal.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.internal.sigv4.Verification.Refused;
import dev.iotlocal.emulator.internal.sigv4.Verification.Verified;
import dev.iotlocal.emulator.support.RawRequests;
import dev.iotlocal.emulator.support.RequestSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verifier's rules one at a time, on aws-c-auth's {@code get-vanilla} requests (credentials
 * {@code AKIDEXAMPLE}, region {@code us-east-1}, service {@code service}, signed 2015-08-30T12:36:00Z) and on
 * requests signed here with {@link RequestSigner} where a rule needs a shape the vectors lack. The tampered
 * presigned requests AWS IoT clients could send are {@link SigV4IotHandshakeTest}'s.
 */
class SigV4VerifierTest {

    private static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String REGION = "us-east-1";
    private static final String SERVICE = "service";
    private static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final String AMZ_DATE = "20150830T123600Z";
    private static final Expectations EXPECTED = new Expectations(REGION, Set.of(SERVICE), true);
    private static final int FUZZ_ROUNDS = 2_000;
    private static final RequestSigner SIGNER = RequestSigner.of(ACCESS_KEY_ID, SECRET, null).region(REGION)
            .service(SERVICE).at(SIGNED_AT);
    private static final CredentialLookup LONG_TERM_KEY = accessKeyId -> accessKeyId.equals(ACCESS_KEY_ID)
            ? Optional.of(new IssuedSecret(SECRET, null, null))
            : Optional.empty();

    private final SigV4Verifier verifier = verifierAt(SIGNED_AT);

    // ---- presigned (query) requests

    @Test
    void queryWithoutSignatureParametersNamesWhatIsMissing() {
        Refused refused = refusedQuery(RawRequests.withQuery(vanillaQuery(), ""), Reason.MISSING_AUTHENTICATION);

        assertThat(refused.message()).contains("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
                "X-Amz-SignedHeaders", "X-Amz-Signature");
    }

    @Test
    void repeatedSignatureParameterIsRefused() {
        SignedRequest request = vanillaQuery();
        SignedRequest repeated = RawRequests.withQuery(request, request.rawQuery() + "&X-Amz-Signature=00");

        assertThat(refusedQuery(repeated, Reason.MISSING_AUTHENTICATION).message()).contains("appears 2 times");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%zz", "%", "%4", "%E1%88%"})
    void invalidPercentEscapeInTheQueryIsRefused(String badValue) {
        SignedRequest request = vanillaQuery();
        SignedRequest bad = RawRequests.withQuery(request, request.rawQuery() + "&x=" + badValue);

        assertThat(refusedQuery(bad, Reason.MISSING_AUTHENTICATION).message()).contains("percent-encoded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"%zz", "%", "%E1%88%"})
    void invalidPercentEscapeInTheQueryOfAHeaderSignedRequestIsRefusedNotThrown(String badValue) {
        SignedRequest bad = RawRequests.withQuery(vanillaHeader(), "x=" + badValue);

        assertThat(refusedHeader(bad, Reason.MISSING_AUTHENTICATION).message()).contains("percent-encoded");
    }

    @Test
    void sigV4aAlgorithmIsUnsupported() {
        SignedRequest sigV4a = RawRequests.withQueryValue(vanillaQuery(), "X-Amz-Algorithm",
                algorithm -> "AWS4-ECDSA-P256-SHA256");

        refusedQuery(sigV4a, Reason.UNSUPPORTED_ALGORITHM);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "AKIDEXAMPLE/20150830/us-east-1/service",
            "AKIDEXAMPLE/2015083/us-east-1/service/aws4_request",
            "/20150830/us-east-1/service/aws4_request",
            "AKIDEXAMPLE/20150830/us-east-1/service/aws5_request",
            "AKIDEXAMPLE/20150830//service/aws4_request",
            "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request/x",
            ""})
    void malformedCredentialIsRefused(String credential) {
        SignedRequest request = RawRequests.withQueryValue(vanillaQuery(), "X-Amz-Credential",
                value -> SigV4.uriEncode(credential, true));

        refusedQuery(request, Reason.MALFORMED_CREDENTIAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"20150830T123600", "2015-08-30T12:36:00Z", "20150230T123600Z", "x"})
    void malformedAmzDateIsRefused(String amzDate) {
        SignedRequest request = RawRequests.withQueryValue(vanillaQuery(), "X-Amz-Date",
                value -> SigV4.uriEncode(amzDate, true));

        assertThat(refusedQuery(request, Reason.MISSING_AUTHENTICATION).message()).contains("ISO8601");
    }

    @Test
    void presignedRequestIsValidUntilItsExpiresRunsOut() {
        // get-vanilla's query variant carries X-Amz-Expires=3600
        Verification inTime = verifierAt(SIGNED_AT.plus(Duration.ofMinutes(60)))
                .verifyQuery(vanillaQuery(), EXPECTED, LONG_TERM_KEY);
        assertThat(inTime).isInstanceOf(Verified.class);

        Verification late = verifierAt(SIGNED_AT.plus(Duration.ofMinutes(61)))
                .verifyQuery(vanillaQuery(), EXPECTED, LONG_TERM_KEY);
        assertThat(late).isEqualTo(new Refused(Reason.SIGNATURE_EXPIRED, "Signature expired: 20150830T133600Z "
                + "(20150830T123600Z + X-Amz-Expires 3600 s) is now earlier than 20150830T133700Z."));
    }

    @Test
    void presignedRequestIsNotValidMoreThanFiveMinutesBeforeItsDate() {
        Verification early = verifierAt(SIGNED_AT.minus(Duration.ofMinutes(6)))
                .verifyQuery(vanillaQuery(), EXPECTED, LONG_TERM_KEY);

        assertThat(early).isEqualTo(new Refused(Reason.SIGNATURE_EXPIRED, "Signature not yet current: "
                + "20150830T123600Z is still later than 20150830T123500Z (20150830T123000Z + 5 min.)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "604801", "-1", "1e3", "99999999999999999999", ""})
    void expiresOutsideOneSecondToSevenDaysIsRefused(String expires) {
        SignedRequest request = RawRequests.withQueryValue(vanillaQuery(), "X-Amz-Expires", value -> expires);

        assertThat(refusedQuery(request, Reason.MISSING_AUTHENTICATION).message()).contains("X-Amz-Expires");
    }

    @Test
    void signedHeadersWithoutHostAreRefused() {
        SignedRequest request = RawRequests.withQueryValue(vanillaQuery(), "X-Amz-SignedHeaders",
                value -> "connection");

        refusedQuery(request, Reason.MISSING_SIGNED_HEADER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"my-header1%3Bhost", "Host", "host%3Bhost", "host%3B", ""})
    void signedHeadersThatAreNotLowercaseSortedAndDistinctAreRefused(String signedHeaders) {
        SignedRequest request = RawRequests.withQueryValue(vanillaQuery(), "X-Amz-SignedHeaders",
                value -> signedHeaders);

        refusedQuery(request, Reason.MISSING_AUTHENTICATION);
    }

    // ---- Authorization header requests

    @Test
    void requestWithoutAuthorizationIsMissingAuthentication() {
        SignedRequest withoutAuthorization = RawRequests.withoutHeader(vanillaHeader(), "Authorization");
        SignedRequest blankAuthorization = RawRequests.withHeader(vanillaHeader(), "Authorization", " ");

        for (SignedRequest request : List.of(withoutAuthorization, blankAuthorization)) {
            assertThat(verifier.verifyHeader(request, EXPECTED, LONG_TERM_KEY))
                    .isEqualTo(new Refused(Reason.MISSING_AUTHENTICATION, "Missing Authentication Token"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer abc", "AWS4-ECDSA-P256-SHA256 Credential=x, SignedHeaders=host, Signature=y",
            "AWS AKIDEXAMPLE:signature"})
    void authorizationWithAnotherSchemeIsUnsupported(String authorization) {
        refusedHeader(RawRequests.withHeader(vanillaHeader(), "Authorization", authorization),
                Reason.UNSUPPORTED_ALGORITHM);
    }

    @Test
    void authorizationWithoutSignatureSaysSo() {
        SignedRequest request = RawRequests.withHeader(vanillaHeader(), "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                        + "SignedHeaders=host;x-amz-date");

        assertThat(refusedHeader(request, Reason.MISSING_AUTHENTICATION).message())
                .isEqualTo("Authorization header requires 'Signature' parameter.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Credential=a, Credential=b, SignedHeaders=host, Signature=c",
            "Credential=a, SignedHeaders=host, Signature=c, Extra=d", "Credential=a SignedHeaders=host Signature=c",
            ""})
    void malformedAuthorizationIsRefused(String components) {
        SignedRequest request = RawRequests.withHeader(vanillaHeader(), "Authorization",
                "AWS4-HMAC-SHA256 " + components);

        refusedHeader(request, Reason.MISSING_AUTHENTICATION);
    }

    @Test
    void headerNamesAreMatchedIgnoringCase() {
        SignedRequest request = vanillaHeader();
        SignedRequest shouted = RawRequests.withHeader(request, "HOST", request.headerValues("Host").get(0));

        assertThat(verifier.verifyHeader(shouted, EXPECTED, LONG_TERM_KEY)).isInstanceOf(Verified.class);
    }

    @Test
    void requestWithoutAnyDateIsRefused() {
        assertThat(refusedHeader(RawRequests.withoutHeader(vanillaHeader(), "X-Amz-Date"),
                Reason.MISSING_AUTHENTICATION).message()).contains("'X-Amz-Date' or a 'Date' header");
    }

    @Test
    void requestDatedByTheDateHeaderIsVerified() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("example.amazonaws.com"));
        headers.put("Date", List.of("Sun, 30 Aug 2015 12:36:00 GMT"));
        SignedRequest request = SIGNER.signHeader(new SignedRequest("GET", "/", "", headers, null), List.of("date", "host"));

        assertThat(verifier.verifyHeader(request, EXPECTED, LONG_TERM_KEY))
                .isEqualTo(new Verified(ACCESS_KEY_ID, SERVICE, SIGNED_AT));
    }

    @Test
    void unsignedDateHeaderIsRefused() {
        SignedRequest request = SIGNER.signHeader(RawRequests.withoutHeader(vanillaHeader(), "Authorization"),
                List.of("host"));

        assertThat(refusedHeader(request, Reason.MISSING_SIGNED_HEADER).message()).contains("x-amz-date");
    }

    @Test
    void signedHeaderMissingFromTheRequestIsRefused() {
        SignedRequest request = RawRequests.parse(
                TestData.bytes(TestData.SUITE + "/get-header-value-trim/header-signed-request.txt"));

        Refused refused = refusedHeader(RawRequests.withoutHeader(request, "My-Header2"), Reason.MISSING_SIGNED_HEADER);

        assertThat(refused.message()).contains("my-header2");
    }

    @Test
    void bodyOtherThanTheDeclaredContentHashIsRefused() {
        SignedRequest request = RawRequests.parse(
                TestData.bytes(TestData.SUITE + "/post-x-www-form-urlencoded/header-signed-request.txt"));
        SignedRequest changedBody = new SignedRequest(request.method(), request.rawPath(), request.rawQuery(),
                request.headers(), "Param1=value2".getBytes(UTF_8));

        assertThat(refusedHeader(changedBody, Reason.SIGNATURE_MISMATCH).message())
                .isEqualTo("The provided 'x-amz-content-sha256' header does not match what was computed.");
    }

    @Test
    void unsignedPayloadIsAcceptedWhateverTheBody() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("example.amazonaws.com"));
        headers.put("X-Amz-Date", List.of(AMZ_DATE));
        headers.put("X-Amz-Content-Sha256", List.of("UNSIGNED-PAYLOAD"));
        SignedRequest request = SIGNER.signHeader(new SignedRequest("PUT", "/", "", headers, "anything".getBytes(UTF_8)),
                List.of("host", "x-amz-content-sha256", "x-amz-date"));

        assertThat(verifier.verifyHeader(request, EXPECTED, LONG_TERM_KEY)).isInstanceOf(Verified.class);
    }

    @Test
    void sessionTokenSentWithALongTermKeyIsRefused() {
        SignedRequest request = RawRequests.withHeader(vanillaHeader(), "X-Amz-Security-Token", "token");

        refusedHeader(request, Reason.INVALID_SESSION_TOKEN);
    }

    @Test
    void headerSignedRequestNeedsTheIssuedSessionTokenInItsHeader() {
        SignedRequest request = RawRequests.parse(
                TestData.bytes(TestData.SUITE + "/post-sts-header-after/header-signed-request.txt"));
        String token = request.headerValues("X-Amz-Security-Token").get(0);
        CredentialLookup temporaryKey = key -> Optional.of(new IssuedSecret(SECRET, token, null));

        assertThat(verifier.verifyHeader(request, EXPECTED, temporaryKey)).isInstanceOf(Verified.class);
        assertThat(verifier.verifyHeader(RawRequests.withoutHeader(request, "X-Amz-Security-Token"), EXPECTED,
                temporaryKey)).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(Reason.INVALID_SESSION_TOKEN));
    }

    // ---- robustness

    @Test
    void mangledQueriesAreAllRefused() {
        Random random = new Random(20150830);
        String valid = vanillaQuery().rawQuery();
        String[] fragments = {"%", "%zz", "%2", "&", "=", "/", ";", "+", " ", "ሴ", "X-Amz-Signature=", "\u0000",
                "X-Amz-Date=", "X-Amz-Expires=", "aws4_request", "9".repeat(40)};
        int mangled = 0;
        for (int i = 0; i < FUZZ_ROUNDS; i++) {
            StringBuilder query = new StringBuilder(valid);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(query.length() + 1);
                if (random.nextBoolean() && at < query.length()) {
                    query.deleteCharAt(at);
                } else {
                    query.insert(at, fragments[random.nextInt(fragments.length)]);
                }
            }
            // an added '&' that only makes an empty piece ("a&&b", a leading or trailing '&') names no parameter,
            // so the query asks for and signs the same parameters: not a mangling
            if (withoutEmptyPieces(query.toString()).equals(valid)) {
                continue;
            }
            mangled++;
            assertRefused(verifier.verifyQuery(RawRequests.withQuery(vanillaQuery(), query.toString()), EXPECTED,
                    LONG_TERM_KEY), query);
        }
        assertThat(mangled).as("rounds that really mangled the query").isGreaterThan(FUZZ_ROUNDS * 99 / 100);
    }

    @Test
    void mangledAuthorizationHeadersAreAllRefused() {
        Random random = new Random(12360);
        String valid = vanillaHeader().headerValues("Authorization").get(0);
        String[] fragments = {",", "=", " ", "/", ";", "Signature=", "Credential=", "", "ሴ", "%zz"};
        int mangled = 0;
        for (int i = 0; i < FUZZ_ROUNDS; i++) {
            StringBuilder authorization = new StringBuilder(valid);
            int at = random.nextInt(authorization.length());
            authorization.replace(at, Math.min(authorization.length(), at + 1 + random.nextInt(3)),
                    fragments[random.nextInt(fragments.length)]);
            // replacing a character with the same one (a ',' with a ',') leaves the header as it was
            if (authorization.toString().equals(valid)) {
                continue;
            }
            mangled++;
            SignedRequest request = RawRequests.withHeader(vanillaHeader(), "Authorization", authorization.toString());
            assertRefused(verifier.verifyHeader(request, EXPECTED, LONG_TERM_KEY), authorization);
        }
        assertThat(mangled).as("rounds that really mangled the header").isGreaterThan(FUZZ_ROUNDS * 99 / 100);
    }

    @Test
    void hugeValuesAreRefusedWithAShortMessage() {
        String huge = "A".repeat(1_000_000);
        SignedRequest request = RawRequests.withQueryValue(vanillaQuery(), "X-Amz-Credential", value -> huge);

        Refused refused = refusedQuery(request, Reason.MALFORMED_CREDENTIAL);

        assertThat(refused.message()).hasSizeLessThan(300);
    }

    /** Refused, with a reason and a message: a mangled request is answered, never verified, never thrown at. */
    private static void assertRefused(Verification verification, CharSequence input) {
        assertThat(verification).as(input.toString()).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.reason()).as(input.toString()).isNotNull();
            assertThat(refused.message()).as(input.toString()).isNotBlank();
        });
    }

    private static String withoutEmptyPieces(String query) {
        return Arrays.stream(query.split("&")).filter(piece -> !piece.isEmpty()).collect(Collectors.joining("&"));
    }

    private Refused refusedQuery(SignedRequest request, Reason reason) {
        return refused(verifier.verifyQuery(request, EXPECTED, LONG_TERM_KEY), reason);
    }

    private Refused refusedHeader(SignedRequest request, Reason reason) {
        return refused(verifier.verifyHeader(request, EXPECTED, LONG_TERM_KEY), reason);
    }

    private static Refused refused(Verification verification, Reason reason) {
        assertThat(verification).isInstanceOf(Refused.class);
        Refused refused = (Refused) verification;
        assertThat(refused.reason()).as(refused.message()).isEqualTo(reason);
        return refused;
    }

    private static SignedRequest vanillaQuery() {
        return RawRequests.parse(TestData.bytes(TestData.SUITE + "/get-vanilla/query-signed-request.txt"));
    }

    private static SignedRequest vanillaHeader() {
        return RawRequests.parse(TestData.bytes(TestData.SUITE + "/get-vanilla/header-signed-request.txt"));
    }

    private static SigV4Verifier verifierAt(Instant now) {
        return new SigV4Verifier(Clock.fixed(now, ZoneOffset.UTC));
    }
}
