package dev.iotlocal.emulator.internal.sigv4;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlocal.emulator.internal.sigv4.Verification.Refused;
import dev.iotlocal.emulator.internal.sigv4.Verification.Verified;
import dev.iotlocal.emulator.support.RawRequests;
import dev.iotlocal.emulator.support.RequestSigner;
import dev.iotlocal.emulator.support.UpgradeTamper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WebSocket upgrades captured from the AWS IoT Device SDK for Java v2 (aws-crt), and every {@link UpgradeTamper}
 * of them: each must be refused for its specific reason, with AWS's message.
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

    static Stream<Arguments> tamperedHandshakes() {
        return handshakes().flatMap(handshake -> Arrays.stream(UpgradeTamper.values())
                .map(tamper -> Arguments.of(handshake, tamper)));
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
    void theTestsSignerPresignsTheCapturedRequestAsTheSdkDid(Handshake handshake) {
        SignedRequest presigned = handshake.signer().presign(RequestSigner.withoutPresigning(handshake.request()),
                List.of("connection", "host"), RequestSigner.Token.APPENDED_AFTER_SIGNING);

        assertThat(presigned.rawQuery()).isEqualTo(handshake.request().rawQuery());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("tamperedHandshakes")
    void tamperedHandshakeIsRefusedWithAwsReasonAndMessage(Handshake handshake, UpgradeTamper tamper) {
        SignedRequest tampered = tamper.apply(handshake.request(), handshake.signer());

        assertThat(verify(handshake, tampered)).isEqualTo(
                new Refused(tamper.reason(), tamper.message(tampered, handshake.region(), handshake.signedAt())));
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void expiredCredentialsAreRefused(Handshake handshake) {
        Instant expiredBeforeSigning = handshake.signedAt().minusSeconds(1);
        Verification verification = verifier(handshake.signedAt()).verifyQuery(handshake.request(),
                handshake.expectations(),
                key -> Optional.of(new IssuedSecret(SECRET, SESSION_TOKEN, expiredBeforeSigning)));

        assertThat(verification).isEqualTo(new Refused(Reason.EXPIRED_CREDENTIALS,
                "The security token included in the request is expired"));
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
    void clockExactlyFiveMinutesAwayIsStillAccepted(Handshake handshake) {
        for (Duration skew : List.of(Duration.ofMinutes(5), Duration.ofMinutes(-5))) {
            Verification verification = verifier(handshake.signedAt().plus(skew))
                    .verifyQuery(handshake.request(), handshake.expectations(), ISSUED);

            assertThat(verification).as("clock %s from the signing time", skew).isInstanceOf(Verified.class);
        }
    }

    @ParameterizedTest
    @MethodSource("handshakes")
    void tokenSentForCredentialsWithoutOneIsRefused(Handshake handshake) {
        Verification verification = verifier(handshake.signedAt()).verifyQuery(handshake.request(),
                handshake.expectations(), key -> Optional.of(new IssuedSecret(SECRET, null, null)));

        assertThat(verification).isEqualTo(new Refused(Reason.INVALID_SESSION_TOKEN, "The security token included "
                + "in the request is invalid. (These credentials have no session token, but X-Amz-Security-Token "
                + "was sent.)"));
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
}
