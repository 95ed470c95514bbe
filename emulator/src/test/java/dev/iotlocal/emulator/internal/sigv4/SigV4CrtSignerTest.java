package dev.iotlocal.emulator.internal.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.internal.sigv4.Verification.Refused;
import dev.iotlocal.emulator.internal.sigv4.Verification.Verified;
import dev.iotlocal.emulator.support.CrtResources;
import dev.iotlocal.emulator.support.RawRequests;
import dev.iotlocal.emulator.support.RequestSigner;
import dev.iotlocal.emulator.support.SignedUpgrade;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.crt.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.crt.auth.signing.AwsSigner;
import software.amazon.awssdk.crt.auth.signing.AwsSigningConfig;
import software.amazon.awssdk.crt.auth.signing.AwsSigningConfig.AwsSignatureType;
import software.amazon.awssdk.crt.auth.signing.AwsSigningConfig.AwsSigningAlgorithm;
import software.amazon.awssdk.crt.http.HttpHeader;
import software.amazon.awssdk.crt.http.HttpRequest;
import software.amazon.awssdk.crt.http.HttpRequestBodyStream;

/**
 * Requests signed by a real AWS signer, aws-crt's (the one the AWS IoT Device SDK and the CRT-based AWS SDK
 * clients use), are verified, and the tests' {@link RequestSigner} signs exactly as aws-crt does.
 * {@link CrtResources} fails the class if a native resource is left open.
 */
@ExtendWith(CrtResources.class)
class SigV4CrtSignerTest {

    private static final String ACCESS_KEY_ID = "ASIACRTEXAMPLE";
    private static final String SECRET = "crt/secret+key=";
    private static final String SESSION_TOKEN = "session/token+from=cognito";
    private static final String REGION = "eu-central-1";
    private static final Instant SIGNED_AT = Instant.parse("2026-11-27T09:14:18Z");
    private static final byte[] INVOKE_PAYLOAD = "{\"token\":\"allow\",\"n\":1}".getBytes(UTF_8);
    private static final CredentialLookup ISSUED = accessKeyId -> accessKeyId.equals(ACCESS_KEY_ID)
            ? Optional.of(new IssuedSecret(SECRET, SESSION_TOKEN, SIGNED_AT.plusSeconds(3600)))
            : Optional.empty();

    private static final RequestSigner SIGNER = RequestSigner.of(ACCESS_KEY_ID, SECRET, SESSION_TOKEN).region(REGION)
            .at(SIGNED_AT);

    private final SigV4Verifier verifier = new SigV4Verifier(Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

    @ParameterizedTest(name = "function {0}")
    @ValueSource(strings = {"auth", "arn%3Aaws%3Alambda%3Aeu-central-1%3A123456789012%3Afunction%3Aauth"})
    void lambdaInvokeSignedInTheAuthorizationHeaderIsVerified(String encodedFunctionName) throws Exception {
        HttpRequest signed = sign(lambdaInvoke(encodedFunctionName), AwsSignatureType.HTTP_REQUEST_VIA_HEADERS,
                "lambda", false);
        SignedRequest request = received(signed, INVOKE_PAYLOAD);
        assertThat(request.headerValues("Authorization").get(0)).contains("x-amz-security-token");

        assertThat(verifier.verifyHeader(request, Expectations.lambda(REGION), ISSUED))
                .isEqualTo(new Verified(ACCESS_KEY_ID, "lambda", SIGNED_AT));
    }

    @Test
    void lambdaInvokeWithAChangedBodyIsASignatureMismatch() throws Exception {
        HttpRequest signed = sign(lambdaInvoke("auth"), AwsSignatureType.HTTP_REQUEST_VIA_HEADERS, "lambda", false);
        SignedRequest request = received(signed, "{\"token\":\"allow\",\"n\":2}".getBytes(UTF_8));

        assertThat(verifier.verifyHeader(request, Expectations.lambda(REGION), ISSUED))
                .isInstanceOfSatisfying(Refused.class,
                        refused -> assertThat(refused.reason()).isEqualTo(Reason.SIGNATURE_MISMATCH));
    }

    @Test
    void lambdaInvokePresignedWithTheTokenInTheQueryIsVerified() throws Exception {
        HttpRequest signed = sign(lambdaInvoke("auth"), AwsSignatureType.HTTP_REQUEST_VIA_QUERY_PARAMS,
                "lambda", false);
        SignedRequest request = received(signed, INVOKE_PAYLOAD);
        assertThat(request.rawQuery()).contains("X-Amz-Security-Token=");

        assertThat(verifier.verifyQuery(request, Expectations.lambda(REGION), ISSUED))
                .isEqualTo(new Verified(ACCESS_KEY_ID, "lambda", SIGNED_AT));
    }

    @Test
    void iotWebSocketUpgradePresignedWithoutTheTokenIsVerified() throws Exception {
        HttpRequest upgrade = crtRequest(RequestSigner.withoutPresigning(SignedUpgrade.presigned(SIGNER)));

        HttpRequest signed = sign(upgrade, AwsSignatureType.HTTP_REQUEST_VIA_QUERY_PARAMS, "iotdevicegateway", true);
        SignedRequest request = received(signed, new byte[0]);
        assertThat(request.rawQuery()).contains("X-Amz-Security-Token=");

        assertThat(verifier.verifyQuery(request, Expectations.awsIot(REGION), ISSUED))
                .isEqualTo(new Verified(ACCESS_KEY_ID, "iotdevicegateway", SIGNED_AT));
    }

    @Test
    void theDoorTestsUpgradeIsPresignedAsAwsCrtPresignsIt() throws Exception {
        SignedRequest ours = SignedUpgrade.presigned(SIGNER);

        SignedRequest crts = received(sign(crtRequest(RequestSigner.withoutPresigning(ours)),
                AwsSignatureType.HTTP_REQUEST_VIA_QUERY_PARAMS, "iotdevicegateway", true), new byte[0]);

        assertThat(RequestSigner.signedHeaders(crts)).isEqualTo(SignedUpgrade.SIGNED_HEADERS);
        assertThat(ours.rawQuery()).isEqualTo(crts.rawQuery());
    }

    @Test
    void theTestsSignerPresignsWithTheTokenSignedAsAwsCrtDoes() throws Exception {
        SignedRequest crts = received(sign(lambdaInvoke("auth"), AwsSignatureType.HTTP_REQUEST_VIA_QUERY_PARAMS,
                "lambda", false), INVOKE_PAYLOAD);

        SignedRequest ours = SIGNER.service("lambda").presign(RequestSigner.withoutPresigning(crts),
                RequestSigner.signedHeaders(crts), RequestSigner.Token.SIGNED);

        assertThat(ours.rawQuery()).isEqualTo(crts.rawQuery());
    }

    @Test
    void theTestsSignerSignsTheAuthorizationHeaderAsAwsCrtDoes() throws Exception {
        SignedRequest crts = received(sign(lambdaInvoke("auth"), AwsSignatureType.HTTP_REQUEST_VIA_HEADERS,
                "lambda", false), INVOKE_PAYLOAD);

        SignedRequest ours = SIGNER.service("lambda").signHeader(RawRequests.withoutHeader(crts, "Authorization"),
                RequestSigner.signedHeaders(crts));

        assertThat(ours.headerValues("Authorization")).isEqualTo(crts.headerValues("Authorization"));
    }

    private static HttpRequest lambdaInvoke(String encodedFunctionName) {
        return new HttpRequest("POST", "/2015-03-31/functions/" + encodedFunctionName + "/invocations",
                new HttpHeader[] {
                        new HttpHeader("Host", "localhost:4510"),
                        new HttpHeader("Content-Type", "application/json"),
                        new HttpHeader("Content-Length", Integer.toString(INVOKE_PAYLOAD.length)),
                        new HttpHeader("X-Amz-Invocation-Type", "RequestResponse"),
                }, bodyOf(INVOKE_PAYLOAD));
    }

    private static HttpRequest sign(HttpRequest request, AwsSignatureType type, String service,
                                    boolean omitSessionToken) throws Exception {
        try (StaticCredentialsProvider credentials = new StaticCredentialsProvider.StaticCredentialsProviderBuilder()
                .withAccessKeyId(ACCESS_KEY_ID.getBytes(UTF_8))
                .withSecretAccessKey(SECRET.getBytes(UTF_8))
                .withSessionToken(SESSION_TOKEN.getBytes(UTF_8))
                .build();
             AwsSigningConfig config = new AwsSigningConfig()) {
            config.setAlgorithm(AwsSigningAlgorithm.SIGV4);
            config.setSignatureType(type);
            config.setService(service);
            config.setRegion(REGION);
            config.setTime(SIGNED_AT.toEpochMilli());
            config.setCredentialsProvider(credentials);
            config.setOmitSessionToken(omitSessionToken);
            return AwsSigner.signRequest(request, config).get(10, TimeUnit.SECONDS);
        }
    }

    /** A request as aws-crt's signer takes it. */
    private static HttpRequest crtRequest(SignedRequest request) {
        List<HttpHeader> headers = new ArrayList<>();
        request.headers().forEach((name, values) -> values.forEach(value -> headers.add(new HttpHeader(name, value))));
        return new HttpRequest(request.method(), request.rawPath(), headers.toArray(HttpHeader[]::new), null);
    }

    /** The signed request as a door would receive it. */
    private static SignedRequest received(HttpRequest signed, byte[] body) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader header : signed.getHeaders()) {
            headers.computeIfAbsent(header.getName(), name -> new ArrayList<>()).add(header.getValue());
        }
        String target = signed.getEncodedPath();
        int question = target.indexOf('?');
        return new SignedRequest(signed.getMethod(), question < 0 ? target : target.substring(0, question),
                question < 0 ? "" : target.substring(question + 1), headers, body);
    }

    private static HttpRequestBodyStream bodyOf(byte[] body) {
        return new HttpRequestBodyStream() {
            private int position;

            @Override
            public boolean sendRequestBody(ByteBuffer out) {
                int length = Math.min(out.remaining(), body.length - position);
                out.put(body, position, length);
                position += length;
                return position == body.length;
            }

            @Override
            public boolean resetPosition() {
                position = 0;
                return true;
            }

            @Override
            public long getLength() {
                return body.length;
            }
        };
    }
}
