package dev.iotlocal.emulator.internal.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlocal.emulator.internal.sigv4.Verification.Refused;
import dev.iotlocal.emulator.internal.sigv4.Verification.Verified;
import dev.iotlocal.emulator.support.RawRequests;
import dev.iotlocal.emulator.support.RequestSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WebSocket upgrades captured from the AWS IoT Device SDK for Java v2 (aws-crt), and the tampered variants the
 * capture file describes: each must be refused for its specific reason.
 */
class SigV4IotHandshakeTest {

    private static final JsonNode HANDSHAKES = TestData.json(TestData.IOT_HANDSHAKES);
    private static final JsonNode CREDENTIALS = HANDSHAKES.path("credentials");
    private static final String ACCESS_KEY_ID = CREDENTIALS.path("accessKeyId").asText();
    private static final String SECRET = CREDENTIALS.path("secretAccessKey").asText();
    private static final String SESSION_TOKEN = CREDENTIALS.path("sessionToken").asText();
    /** The capture's credentials, as the emulator's registry would hold them. */
    private static final CredentialLookup ISSUED = accessKeyId -> accessKeyId.equals(ACCESS_KEY_ID)
            ? Optional.of(new IssuedSecret(SECRET, SESSION_TOKEN, null))
            : Optional.empty();

    /** One captured upgrade request. */
    record Handshake(String region, String service, SignedRequest request, String expectedSignature) {

        Instant signedAt() {
            return SigV4.parseAmzDate(RawRequests.rawQueryValue(request, "X-Amz-Date"));
        }

        Expectations expectations() {
            return Expectations.awsIot(region);
        }

        /** The signer the SDK was, for the capture's credentials, region, service and time. */
        RequestSigner signer() {
            return RequestSigner.of(ACCESS_KEY_ID, SECRET, SESSION_TOKEN).region(region).service(service).at(signedAt());
        }
    }

    static Stream<Named<Handshake>> handshakes() {
        List<Named<Handshake>> cases = new ArrayList<>();
        for (JsonNode node : HANDSHAKES.path("cases")) {
            assertThat(node.path("valid").asBoolean()).as("%s is a valid capture", node.path("name")).isTrue();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            node.path("headers").fields()
                    .forEachRemaining(header -> headers.put(header.getKey(), List.of(header.getValue().asText())));
            SignedRequest request = RawRequests.fromRequestLine(node.path("requestLine").asText(), headers, null);
            cases.add(Named.of(node.path("name").asText(), new Handshake(node.path("region").asText(),
                    node.path("service").asText(), request, node.path("expectedSignature").asText())));
        }
        assertThat(cases).as("cases in %s", TestData.IOT_HANDSHAKES).isNotEmpty();
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void capturedHandshakeIsVerified(Handshake handshake) {
        assertThat(RawRequests.rawQueryValue(handshake.request(), "X-Amz-Signature"))
                .isEqualTo(handshake.expectedSignature());

        assertThat(verify(handshake, handshake.request()))
                .isEqualTo(new Verified(ACCESS_KEY_ID, handshake.service(), handshake.signedAt()));
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void capturedHandshakeSignsConnectionAndHostWithoutTheToken(Handshake handshake) {
        // section 0 of the behaviour notes: what the verifier must cope with, pinned so a new capture is noticed
        assertThat(RawRequests.rawQueryValue(handshake.request(), "X-Amz-SignedHeaders"))
                .isEqualTo("connection%3Bhost");
        assertThat(RawRequests.rawQueryValue(handshake.request(), "X-Amz-Expires")).isNull();
        assertThat(handshake.request().headerValues("Host").get(0)).doesNotContain(":");
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void changedSignatureCharacterIsASignatureMismatch(Handshake handshake) {
        SignedRequest tampered = RawRequests.withQueryValue(handshake.request(), "X-Amz-Signature",
                signature -> (signature.charAt(0) == '0' ? "1" : "0") + signature.substring(1));

        assertRefused(verify(handshake, tampered), Reason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void hostWithAPortTheClientDidNotSignIsASignatureMismatch(Handshake handshake) {
        SignedRequest tampered = RawRequests.withHeader(handshake.request(), "Host", "localhost:8443");

        assertRefused(verify(handshake, tampered), Reason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void credentialScopedToAnotherRegionIsRefused(Handshake handshake) {
        String otherRegion = handshake.region().equals("eu-west-1") ? "us-west-2" : "eu-west-1";
        SignedRequest tampered = RawRequests.withQueryValue(handshake.request(), "X-Amz-Credential",
                credential -> credential.replace("%2F" + handshake.region() + "%2F", "%2F" + otherRegion + "%2F"));

        assertRefused(verify(handshake, tampered), Reason.WRONG_REGION);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void credentialScopedToAnotherServiceIsRefused(Handshake handshake) {
        SignedRequest tampered = RawRequests.withQueryValue(handshake.request(), "X-Amz-Credential",
                credential -> credential.replace("%2F" + handshake.service() + "%2F", "%2Fexecute-api%2F"));

        assertRefused(verify(handshake, tampered), Reason.WRONG_SERVICE);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void credentialDateOtherThanTheSigningDayIsRefused(Handshake handshake) {
        String day = SigV4.formatAmzDate(handshake.signedAt()).substring(0, 8);
        String dayBefore = SigV4.formatAmzDate(handshake.signedAt().minus(Duration.ofDays(1))).substring(0, 8);
        SignedRequest tampered = RawRequests.withQueryValue(handshake.request(), "X-Amz-Credential",
                credential -> credential.replace("%2F" + day + "%2F", "%2F" + dayBefore + "%2F"));

        assertRefused(verify(handshake, tampered), Reason.DATE_MISMATCH);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void wrongSecretIsASignatureMismatch(Handshake handshake) {
        Verification verification = verifier(handshake.signedAt()).verifyQuery(handshake.request(),
                handshake.expectations(), key -> Optional.of(new IssuedSecret(SECRET + "x", SESSION_TOKEN, null)));

        assertRefused(verification, Reason.SIGNATURE_MISMATCH);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void unknownAccessKeyIsRefused(Handshake handshake) {
        Verification verification = verifier(handshake.signedAt()).verifyQuery(handshake.request(),
                handshake.expectations(), key -> Optional.empty());

        assertRefused(verification, Reason.UNKNOWN_ACCESS_KEY);
        assertThat(((Refused) verification).message())
                .isEqualTo("The security token included in the request is invalid.");
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void expiredCredentialsAreRefused(Handshake handshake) {
        Instant expiredBeforeSigning = handshake.signedAt().minusSeconds(1);
        Verification verification = verifier(handshake.signedAt()).verifyQuery(handshake.request(),
                handshake.expectations(),
                key -> Optional.of(new IssuedSecret(SECRET, SESSION_TOKEN, expiredBeforeSigning)));

        assertRefused(verification, Reason.EXPIRED_CREDENTIALS);
        assertThat(((Refused) verification).message())
                .isEqualTo("The security token included in the request is expired");
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void credentialsExpiringLaterAreAccepted(Handshake handshake) {
        Verification verification = verifier(handshake.signedAt()).verifyQuery(handshake.request(),
                handshake.expectations(),
                key -> Optional.of(new IssuedSecret(SECRET, SESSION_TOKEN, handshake.signedAt().plusSeconds(1))));

        assertThat(verification).isInstanceOf(Verified.class);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void clockSixMinutesLaterIsRefused(Handshake handshake) {
        Instant now = handshake.signedAt().plus(Duration.ofMinutes(6));
        Verification verification = verifier(now).verifyQuery(handshake.request(), handshake.expectations(),
                ISSUED);

        assertRefused(verification, Reason.SIGNATURE_EXPIRED);
        String amzDate = SigV4.formatAmzDate(handshake.signedAt());
        assertThat(((Refused) verification).message()).isEqualTo("Signature expired: " + amzDate
                + " is now earlier than " + SigV4.formatAmzDate(now.minus(Duration.ofMinutes(5)))
                + " (" + SigV4.formatAmzDate(now) + " - 5 min.)");
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void clockSixMinutesEarlierIsRefused(Handshake handshake) {
        Verification verification = verifier(handshake.signedAt().minus(Duration.ofMinutes(6)))
                .verifyQuery(handshake.request(), handshake.expectations(), ISSUED);

        assertRefused(verification, Reason.SIGNATURE_EXPIRED);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void clockExactlyFiveMinutesAwayIsStillAccepted(Handshake handshake) {
        for (Duration skew : List.of(Duration.ofMinutes(5), Duration.ofMinutes(-5))) {
            Verification verification = verifier(handshake.signedAt().plus(skew))
                    .verifyQuery(handshake.request(), handshake.expectations(), ISSUED);

            assertThat(verification).as("clock %s from the signing time", skew).isInstanceOf(Verified.class);
        }
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void missingSessionTokenIsRefused(Handshake handshake) {
        SignedRequest tampered = RawRequests.withoutQueryParameter(handshake.request(), "X-Amz-Security-Token");

        assertRefused(verify(handshake, tampered), Reason.INVALID_SESSION_TOKEN);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void differentSessionTokenIsRefused(Handshake handshake) {
        SignedRequest tampered = RawRequests.withQueryValue(handshake.request(), "X-Amz-Security-Token",
                token -> token + "x");

        assertRefused(verify(handshake, tampered), Reason.INVALID_SESSION_TOKEN);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void tokenSentForCredentialsWithoutOneIsRefused(Handshake handshake) {
        Verification verification = verifier(handshake.signedAt()).verifyQuery(handshake.request(),
                handshake.expectations(), key -> Optional.of(new IssuedSecret(SECRET, null, null)));

        assertRefused(verification, Reason.INVALID_SESSION_TOKEN);
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void requestSignedWithTheTokenInTheCanonicalQueryIsVerified(Handshake handshake) {
        SignedRequest plainPresigned = handshake.signer().presign(
                RequestSigner.withoutPresigning(handshake.request()), List.of("connection", "host"),
                RequestSigner.Token.SIGNED);
        assertThat(RawRequests.rawQueryValue(plainPresigned, "X-Amz-Signature"))
                .isNotEqualTo(handshake.expectedSignature());

        assertThat(verify(handshake, plainPresigned)).isInstanceOf(Verified.class);
    }

    private static Verification verify(Handshake handshake, SignedRequest request) {
        return verifier(handshake.signedAt()).verifyQuery(request, handshake.expectations(), ISSUED);
    }

    private static SigV4Verifier verifier(Instant now) {
        return new SigV4Verifier(Clock.fixed(now, ZoneOffset.UTC));
    }

    private static void assertRefused(Verification verification, Reason reason) {
        assertThat(verification).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.reason()).as(refused.message()).isEqualTo(reason);
            assertThat(refused.message()).isNotBlank();
        });
    }
}
