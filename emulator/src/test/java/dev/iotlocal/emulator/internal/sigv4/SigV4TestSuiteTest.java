package dev.iotlocal.emulator.internal.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlocal.emulator.internal.sigv4.Verification.Verified;
import dev.iotlocal.emulator.support.RawRequests;
import dev.iotlocal.emulator.support.RequestSigner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/**
 * The 38 SigV4 cases of aws-c-auth's signing test suite, each signed by header and by query: the verifier
 * accepts every signed request, and {@link SigV4}, through the tests' {@link RequestSigner}, reproduces every
 * canonical request, string to sign and signature byte for byte.
 */
class SigV4TestSuiteTest {

    private static final int CASE_COUNT = 38;

    @TestFactory
    Stream<DynamicContainer> everyCaseVerifiesAndCanonicalisesByteForByte() {
        List<String> cases = TestData.directories(TestData.SUITE);
        assertThat(cases).as("cases under %s", TestData.SUITE).hasSize(CASE_COUNT);
        return cases.stream().map(SuiteCase::load).map(suiteCase -> dynamicContainer(suiteCase.name(), Stream.of(
                dynamicTest("header-signed request is verified", () -> assertVerified(suiteCase, Variant.HEADER)),
                dynamicTest("query-signed request is verified", () -> assertVerified(suiteCase, Variant.QUERY)),
                dynamicTest("header signing is reproduced byte for byte",
                        () -> assertReproduced(suiteCase, Variant.HEADER)),
                dynamicTest("query signing is reproduced byte for byte",
                        () -> assertReproduced(suiteCase, Variant.QUERY)))));
    }

    private static void assertVerified(SuiteCase suiteCase, Variant variant) {
        SignedRequest request = suiteCase.request(variant);
        SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(suiteCase.timestamp(), ZoneOffset.UTC));
        Expectations expected = new Expectations(suiteCase.region(), Set.of(suiteCase.service()),
                suiteCase.normalize());
        CredentialLookup credentials = accessKeyId -> accessKeyId.equals(suiteCase.accessKeyId())
                ? Optional.of(new IssuedSecret(suiteCase.secretAccessKey(), suiteCase.sessionToken(), null))
                : Optional.empty();

        Verification verification = variant == Variant.HEADER
                ? verifier.verifyHeader(request, expected, credentials)
                : verifier.verifyQuery(request, expected, credentials);

        assertThat(verification).isEqualTo(
                new Verified(suiteCase.accessKeyId(), suiteCase.service(), suiteCase.timestamp()));
    }

    private static void assertReproduced(SuiteCase suiteCase, Variant variant) {
        SignedRequest request = suiteCase.request(variant);
        List<String> signedHeaders = RequestSigner.signedHeaders(request);
        Set<String> excluded = variant == Variant.HEADER ? Set.of()
                : suiteCase.omitSessionToken() ? Set.of("X-Amz-Signature", "X-Amz-Security-Token")
                : Set.of("X-Amz-Signature");
        if (variant == Variant.HEADER && suiteCase.signBody()) {
            assertThat(request.headerValues(SigV4.CONTENT_SHA256_HEADER))
                    .as("sign_body: the body's hash is declared in a signed header")
                    .containsExactly(SigV4.sha256Hex(request.body()));
            assertThat(signedHeaders).contains(SigV4.CONTENT_SHA256_HEADER);
        }

        RequestSigner signer = RequestSigner.of(suiteCase.accessKeyId(), suiteCase.secretAccessKey(),
                suiteCase.sessionToken()).region(suiteCase.region()).service(suiteCase.service()).at(suiteCase.timestamp());
        RequestSigner.Signature signed = signer.signature(request, signedHeaders, excluded, suiteCase.normalize());

        assertThat(signed.canonicalRequest()).isEqualTo(suiteCase.expected(variant, "canonical-request.txt"));
        assertThat(signed.stringToSign()).isEqualTo(suiteCase.expected(variant, "string-to-sign.txt"));
        assertThat(signed.signature()).isEqualTo(suiteCase.expected(variant, "signature.txt"));
    }

    private enum Variant {
        HEADER("header-"), QUERY("query-");

        private final String filePrefix;

        Variant(String filePrefix) {
            this.filePrefix = filePrefix;
        }
    }

    /** One case directory with its {@code context.json}. */
    private record SuiteCase(String name, String accessKeyId, String secretAccessKey, String sessionToken,
                             String region, String service, boolean normalize, boolean omitSessionToken,
                             boolean signBody, Instant timestamp) {

        static SuiteCase load(String name) {
            JsonNode context = TestData.json(TestData.SUITE + "/" + name + "/context.json");
            JsonNode credentials = context.path("credentials");
            return new SuiteCase(name, credentials.path("access_key_id").asText(),
                    credentials.path("secret_access_key").asText(),
                    credentials.hasNonNull("token") ? credentials.path("token").asText() : null,
                    context.path("region").asText(), context.path("service").asText(),
                    context.path("normalize").asBoolean(), context.path("omit_session_token").asBoolean(false),
                    context.path("sign_body").asBoolean(false), Instant.parse(context.path("timestamp").asText()));
        }

        SignedRequest request(Variant variant) {
            return RawRequests.parse(TestData.bytes(file(variant, "signed-request.txt")));
        }

        String expected(Variant variant, String file) {
            return TestData.text(file(variant, file));
        }

        private String file(Variant variant, String file) {
            return TestData.SUITE + "/" + name + "/" + variant.filePrefix + file;
        }
    }
}
