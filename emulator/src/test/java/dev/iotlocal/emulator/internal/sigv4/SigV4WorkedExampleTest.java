package dev.iotlocal.emulator.internal.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.internal.sigv4.Verification.Verified;
import dev.iotlocal.emulator.support.RawRequests;
import dev.iotlocal.emulator.support.RequestSigner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The worked example of the behaviour notes (section 3.5): a presigned {@code GET /mqtt} signing only
 * {@code host}, with the session token of aws-c-auth's {@code post-sts-header-after} appended after signing.
 */
class SigV4WorkedExampleTest {

    private static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String SESSION_TOKEN = TestData.json(TestData.SUITE + "/post-sts-header-after/context.json")
            .path("credentials").path("token").asText();
    private static final String REGION = "us-east-1";
    private static final Instant SIGNED_AT = Instant.parse("2015-08-30T12:36:00Z");
    private static final RequestSigner SIGNER = RequestSigner.of(ACCESS_KEY_ID, SECRET, SESSION_TOKEN).region(REGION)
            .at(SIGNED_AT);

    @ParameterizedTest(name = "Host {0}, service {1}")
    @CsvSource({
            "localhost, iotdevicegateway, 1b8e56ca1c3493a615fb94f3d8b9002d1545f5308f5c8c4d15f34c482662b821, "
                    + "864bec0d2d87b3abbed079c19e3c0c241abe6a0daed413d669c94bf9bea6c331",
            "example-ats.iot.us-east-1.amazonaws.com, iotdevicegateway, "
                    + "712389d419ae867be9828aaf69d6810028f57230c51d87a82faf0b3e538e05df, "
                    + "026c20a61bae0c9e109ab3720b96164d965f64dfc0dd03bfc9f1152ab1d323f9",
            "localhost:443, iotdata, ce861c53a273d1f370baa42754cf1400ad4c2993a86e885fb148b90907602dda, "
                    + "84016bca0833bde70a478bf9778a2a628953f9f41bfb974dd85f908db49d026a",
    })
    void reproducesTheCanonicalRequestHashAndSignatureAndVerifies(String host, String service,
                                                                  String canonicalRequestHash, String signature) {
        SignedRequest request = presigned(host, service);

        assertThat(SigV4.sha256Hex(canonicalRequest(request).getBytes(UTF_8))).isEqualTo(canonicalRequestHash);
        assertThat(RawRequests.rawQueryValue(request, "X-Amz-Signature")).isEqualTo(signature);
        Verification verification = new SigV4Verifier(Clock.fixed(SIGNED_AT, ZoneOffset.UTC))
                .verifyQuery(request, Expectations.awsIot(REGION), accessKeyId -> accessKeyId.equals(ACCESS_KEY_ID)
                        ? Optional.of(new IssuedSecret(SECRET, SESSION_TOKEN, null))
                        : Optional.empty());
        assertThat(verification).isEqualTo(new Verified(ACCESS_KEY_ID, service, SIGNED_AT));
    }

    @Test
    void reproducesTheCanonicalRequestOfTheFirstRow() {
        assertThat(canonicalRequest(presigned("localhost", "iotdevicegateway"))).isEqualTo("""
                GET
                /mqtt
                X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fiotdevicegateway\
                %2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host
                host:localhost

                host
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
    }

    /** The URL an AWS IoT client builds: signed without the token, token appended, signature last. */
    private static SignedRequest presigned(String host, String service) {
        return SIGNER.service(service).presign(new SignedRequest("GET", "/mqtt", "", Map.of("Host", List.of(host)), null),
                List.of("host"), RequestSigner.Token.APPENDED_AFTER_SIGNING);
    }

    private static String canonicalRequest(SignedRequest request) {
        return RequestSigner.canonicalRequest(request, List.of("host"),
                Set.of("X-Amz-Signature", "X-Amz-Security-Token"), true);
    }
}
