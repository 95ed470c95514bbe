package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.internal.sigv4.SigV4;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;

/**
 * The tests' one way to sign a request: presigned in the query as AWS IoT clients sign the WebSocket upgrade, or
 * in the {@code Authorization} header as the AWS SDKs sign API calls. It signs with the emulator's own
 * {@link SigV4}, which the SigV4 tests pin against aws-c-auth's test suite and captured aws-crt handshakes, and
 * which {@code SigV4CrtSignerTest} checks signs byte for byte as aws-crt does.
 *
 * <p>An immutable value: each {@code region}, {@code service}, {@code at}, ... returns a changed copy. Thread-safe.
 *
 * @param sessionToken the token of temporary credentials, or null for a long-term key
 */
public record RequestSigner(String accessKeyId, String secretAccessKey, String sessionToken, String region,
                            String service, Instant time) {

    /** AWS IoT's WebSocket signing service, as the AWS IoT Device SDK v2 names it. */
    public static final String IOT_SERVICE = "iotdevicegateway";
    /** The presigning parameters, none of which is part of what a presigned request asks for. */
    private static final List<String> PRESIGNING_PARAMETERS = List.of("X-Amz-Algorithm", "X-Amz-Credential",
            "X-Amz-Date", "X-Amz-SignedHeaders", "X-Amz-Expires", "X-Amz-Security-Token", "X-Amz-Signature");
    private static final Pattern SIGNED_HEADERS_COMPONENT = Pattern.compile("SignedHeaders=([^,]*)");

    /** Where a presigned request carries the session token. */
    public enum Token {
        /** Appended after signing, outside the signature: what AWS IoT clients do for the WebSocket upgrade. */
        APPENDED_AFTER_SIGNING,
        /** Signed with the other parameters: plain SigV4 presigning. */
        SIGNED
    }

    /** The steps of one signature, as SigV4 defines them. */
    public record Signature(String canonicalRequest, String stringToSign, String signature) {
    }

    /** A signer for the emulator's default region and {@value #IOT_SERVICE}, signing at this moment. */
    public static RequestSigner of(String accessKeyId, String secretAccessKey, String sessionToken) {
        return new RequestSigner(accessKeyId, secretAccessKey, sessionToken, EmulatorConfig.DEFAULT_REGION,
                IOT_SERVICE, Instant.now());
    }

    /** A signer for Cognito credentials, as {@link #of(String, String, String)}. */
    public static RequestSigner of(Credentials credentials) {
        return of(credentials.accessKeyId(), credentials.secretKey(), credentials.sessionToken());
    }

    public RequestSigner accessKeyId(String accessKeyId) {
        return new RequestSigner(accessKeyId, secretAccessKey, sessionToken, region, service, time);
    }

    public RequestSigner secretAccessKey(String secretAccessKey) {
        return new RequestSigner(accessKeyId, secretAccessKey, sessionToken, region, service, time);
    }

    public RequestSigner region(String region) {
        return new RequestSigner(accessKeyId, secretAccessKey, sessionToken, region, service, time);
    }

    public RequestSigner service(String service) {
        return new RequestSigner(accessKeyId, secretAccessKey, sessionToken, region, service, time);
    }

    /** Signs at {@code time} instead. */
    public RequestSigner at(Instant time) {
        return new RequestSigner(accessKeyId, secretAccessKey, sessionToken, region, service, time);
    }

    /**
     * Presigns a request: appends {@code X-Amz-Algorithm}, {@code X-Amz-Credential}, {@code X-Amz-Date},
     * {@code X-Amz-SignedHeaders}, the session token if there is one, and {@code X-Amz-Signature}, in the order
     * aws-crt emits them.
     *
     * @param signedHeaders lowercase, sorted; the AWS IoT Device SDK v2 signs {@code connection} and {@code host}
     */
    public SignedRequest presign(SignedRequest unsigned, List<String> signedHeaders, Token token) {
        String amzDate = SigV4.formatAmzDate(time);
        String query = (unsigned.rawQuery().isEmpty() ? "" : unsigned.rawQuery() + "&")
                + "X-Amz-Algorithm=" + SigV4.ALGORITHM
                + "&X-Amz-Credential=" + SigV4.uriEncode(accessKeyId + "/" + scope(), true)
                + "&X-Amz-Date=" + amzDate
                + "&X-Amz-SignedHeaders=" + SigV4.uriEncode(String.join(";", signedHeaders), true);
        String tokenParameter = sessionToken == null ? ""
                : "&X-Amz-Security-Token=" + SigV4.uriEncode(sessionToken, true);
        String signedQuery = token == Token.SIGNED ? query + tokenParameter : query;
        Signature signature = signature(RawRequests.withQuery(unsigned, signedQuery), signedHeaders, Set.of(), true);
        return RawRequests.withQuery(unsigned, query + tokenParameter + "&X-Amz-Signature=" + signature.signature());
    }

    /**
     * Signs a request in its {@code Authorization} header; nothing else is added, so the request carries its own
     * {@code X-Amz-Date} (or {@code Date}) for this signer's time, and its {@code X-Amz-Security-Token} if any.
     */
    public SignedRequest signHeader(SignedRequest unsigned, List<String> signedHeaders) {
        Signature signature = signature(unsigned, signedHeaders, Set.of(), true);
        return RawRequests.withHeader(unsigned, "Authorization", SigV4.ALGORITHM + " Credential=" + accessKeyId + "/"
                + scope() + ", SignedHeaders=" + String.join(";", signedHeaders)
                + ", Signature=" + signature.signature());
    }

    /**
     * Signs {@code request} as it stands, step by step.
     *
     * @param unsignedParameters query parameters left out of the canonical query
     * @param normalizePath      false only for S3-style signing, as in some aws-c-auth cases
     */
    public Signature signature(SignedRequest request, List<String> signedHeaders, Set<String> unsignedParameters,
                               boolean normalizePath) {
        String canonicalRequest = canonicalRequest(request, signedHeaders, unsignedParameters, normalizePath);
        String amzDate = SigV4.formatAmzDate(time);
        String stringToSign = SigV4.stringToSign(amzDate, scope(), canonicalRequest);
        byte[] signingKey = SigV4.signingKey(secretAccessKey, amzDate.substring(0, 8), region, service);
        return new Signature(canonicalRequest, stringToSign, SigV4.signature(signingKey, stringToSign));
    }

    /** The canonical request of {@code request}, which no key or time enters. */
    public static String canonicalRequest(SignedRequest request, List<String> signedHeaders,
                                          Set<String> unsignedParameters, boolean normalizePath) {
        return SigV4.canonicalRequest(request.method(), SigV4.canonicalUri(request.rawPath(), normalizePath),
                SigV4.canonicalQuery(request.rawQuery(), unsignedParameters),
                SigV4.canonicalHeaders(request, signedHeaders), signedHeaders, SigV4.payloadHash(request));
    }

    /** A presigned request without its presigning parameters: what was asked for before it was signed. */
    public static SignedRequest withoutPresigning(SignedRequest presigned) {
        return RawRequests.withQuery(presigned, Arrays.stream(presigned.rawQuery().split("&"))
                .filter(piece -> PRESIGNING_PARAMETERS.stream().noneMatch(name -> piece.startsWith(name + "=")))
                .collect(Collectors.joining("&")));
    }

    /** The headers a signed request says it signed: in its {@code Authorization} header, else in its query. */
    public static List<String> signedHeaders(SignedRequest signed) {
        List<String> authorization = signed.headerValues("Authorization");
        if (authorization.isEmpty()) {
            return List.of(decodedQueryValue(signed, "X-Amz-SignedHeaders").split(";"));
        }
        Matcher component = SIGNED_HEADERS_COMPONENT.matcher(authorization.get(0));
        if (!component.find()) {
            throw new IllegalArgumentException("the Authorization header names no signed headers");
        }
        return List.of(component.group(1).split(";"));
    }

    /** The decoded value of a query parameter; fails when the request lacks it. */
    public static String decodedQueryValue(SignedRequest request, String name) {
        String raw = RawRequests.rawQueryValue(request, name);
        if (raw == null) {
            throw new IllegalArgumentException("the request has no query parameter " + name);
        }
        return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    }

    private String scope() {
        return SigV4.scope(SigV4.formatAmzDate(time).substring(0, 8), region, service);
    }
}
