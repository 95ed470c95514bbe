package dev.iotlocal.emulator.internal.sigv4;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SigV4 arithmetic as AWS defines it for every service but S3: canonical request, string to sign, signing
 * key and signature. {@link SigV4Verifier} checks incoming requests with it (the emulator signs nothing itself), and
 * the tests reproduce AWS's test vectors with it byte for byte.
 *
 * <p>Stateless: every method is a pure function, safe to call from any thread.
 */
public final class SigV4 {

    /** The only algorithm SigV4 defines (SigV4a's {@code AWS4-ECDSA-P256-SHA256} is another scheme). */
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** Hex SHA-256 of no bytes: the payload hash of a WebSocket upgrade and of every body-less request. */
    public static final String EMPTY_PAYLOAD_SHA256 =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** The header a client may use to declare the payload hash (or {@code UNSIGNED-PAYLOAD}) itself. */
    public static final String CONTENT_SHA256_HEADER = "x-amz-content-sha256";

    private static final String SCOPE_TERMINATOR = "aws4_request";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC)
            .withResolverStyle(ResolverStyle.STRICT);
    private static final HexFormat LOWER_HEX = HexFormat.of();
    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private SigV4() {
    }

    /** Formats a time as {@code X-Amz-Date} carries it: {@code yyyyMMdd'T'HHmmss'Z'} in UTC. */
    public static String formatAmzDate(Instant time) {
        return AMZ_DATE.format(time);
    }

    /**
     * Parses an {@code X-Amz-Date} value.
     *
     * @throws java.time.format.DateTimeParseException when it is not {@code yyyyMMdd'T'HHmmss'Z'}
     */
    public static Instant parseAmzDate(String amzDate) {
        return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    }

    /**
     * The canonical URI: the received path, optionally normalised, URI-encoded once more. Non-S3 services verify
     * against this double encoding because they do not decode the path first, so {@code /a%20b} canonicalises
     * to {@code /a%2520b}.
     *
     * @param normalizePath whether to drop {@code .} segments and empty segments and resolve {@code ..}; a
     *                      trailing slash survives, as in aws-c-auth
     */
    public static String canonicalUri(String rawPath, boolean normalizePath) {
        String path = rawPath.isEmpty() ? "/" : rawPath;
        return uriEncode(normalizePath ? normalizePath(path) : path, false);
    }

    /**
     * The canonical query string: every received parameter except {@code excludedNames} (compared after
     * decoding), decoded and encoded again with {@link #uriEncode}, sorted by encoded name then encoded value,
     * joined as {@code name=value} with {@code '&'}.
     *
     * @throws IllegalArgumentException when the query holds a {@code '%'} not followed by two hex digits
     */
    public static String canonicalQuery(String rawQuery, Set<String> excludedNames) {
        return parseQuery(rawQuery).stream()
                .filter(parameter -> !excludedNames.contains(parameter.name()))
                .sorted(Comparator.comparing(QueryParameter::encodedName).thenComparing(QueryParameter::encodedValue))
                .map(parameter -> parameter.encodedName() + "=" + parameter.encodedValue())
                .collect(Collectors.joining("&"));
    }

    /**
     * The canonical headers block: one {@code name:value} line per signed header, each ending in {@code '\n'}.
     * The values of a repeated header are joined with {@code ','} in the order received; each value is trimmed
     * and its runs of spaces collapsed to one. The header {@code Host} is taken as received, port and all.
     *
     * @param signedHeaders lowercase header names in the order to list them (SigV4 requires sorted)
     * @throws IllegalArgumentException when the request lacks one of the signed headers
     */
    public static String canonicalHeaders(SignedRequest request, List<String> signedHeaders) {
        StringBuilder block = new StringBuilder();
        for (String name : signedHeaders) {
            List<String> values = request.headerValues(name);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("signed header '" + name + "' is missing from the request");
            }
            block.append(name.toLowerCase(Locale.ROOT)).append(':')
                    .append(values.stream().map(SigV4::normalizeHeaderValue).collect(Collectors.joining(",")))
                    .append('\n');
        }
        return block.toString();
    }

    /**
     * The payload hash of the canonical request: the {@code x-amz-content-sha256} header when the client sent
     * one (a hex digest, or a literal such as {@code UNSIGNED-PAYLOAD}), else the hex SHA-256 of the body.
     */
    public static String payloadHash(SignedRequest request) {
        List<String> declared = request.headerValues(CONTENT_SHA256_HEADER);
        return declared.isEmpty() ? sha256Hex(request.body()) : declared.get(0).strip();
    }

    /** {@code method \n uri \n query \n headers-block \n signed;headers \n payloadHash}. */
    public static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
                                          String canonicalHeaders, List<String> signedHeaders, String payloadHash) {
        return method + '\n' + canonicalUri + '\n' + canonicalQuery + '\n' + canonicalHeaders + '\n'
                + String.join(";", signedHeaders) + '\n' + payloadHash;
    }

    /** The credential scope {@code yyyyMMdd/region/service/aws4_request}. */
    public static String scope(String date, String region, String service) {
        return date + '/' + region + '/' + service + '/' + SCOPE_TERMINATOR;
    }

    /** {@code AWS4-HMAC-SHA256 \n amzDate \n scope \n hex(sha256(canonicalRequest))}. */
    public static String stringToSign(String amzDate, String scope, String canonicalRequest) {
        return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest.getBytes(UTF_8));
    }

    /** The key for one day, region and service: HMAC chained from {@code "AWS4" + secret}. */
    public static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] key = hmacSha256(("AWS4" + secretAccessKey).getBytes(UTF_8), date);
        key = hmacSha256(key, region);
        key = hmacSha256(key, service);
        return hmacSha256(key, SCOPE_TERMINATOR);
    }

    /** The signature: lowercase hex HMAC-SHA256 of the string to sign under the signing key. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return LOWER_HEX.formatHex(hmacSha256(signingKey, stringToSign));
    }

    /**
     * SigV4's URI encoding of the UTF-8 bytes of {@code value}: {@code A-Z a-z 0-9 - _ . ~} stay, every other
     * byte becomes {@code %XX} with uppercase hex (a space is {@code %20}, never {@code +}).
     *
     * @param encodeSlash false to keep {@code '/'} as is, for paths
     */
    public static String uriEncode(String value, boolean encodeSlash) {
        return uriEncode(value.getBytes(UTF_8), encodeSlash);
    }

    /** Lowercase hex SHA-256. */
    public static String sha256Hex(byte[] data) {
        try {
            return LOWER_HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /**
     * One parameter of a received query: decoded, and encoded again as the canonical query needs it.
     *
     * @param name  the decoded name (UTF-8; malformed sequences replaced), to look parameters up by
     * @param value the decoded value, likewise
     */
    record QueryParameter(String name, String value, String encodedName, String encodedValue) {
    }

    /**
     * Splits a raw query at {@code '&'} and {@code '='}; a parameter without {@code '='} has an empty value and
     * empty pieces ({@code a&&b}) are skipped. {@code '+'} is a literal plus, not a space: SigV4 clients encode
     * spaces as {@code %20}.
     *
     * @throws IllegalArgumentException when a {@code '%'} is not followed by two hex digits
     */
    static List<QueryParameter> parseQuery(String rawQuery) {
        List<QueryParameter> parameters = new ArrayList<>();
        for (String piece : rawQuery.split("&")) {
            if (piece.isEmpty()) {
                continue;
            }
            int equals = piece.indexOf('=');
            byte[] name = percentDecode(equals < 0 ? piece : piece.substring(0, equals));
            byte[] value = percentDecode(equals < 0 ? "" : piece.substring(equals + 1));
            parameters.add(new QueryParameter(new String(name, UTF_8), new String(value, UTF_8),
                    uriEncode(name, true), uriEncode(value, true)));
        }
        return parameters;
    }

    /** Removes empty and {@code .} segments and resolves {@code ..}, exactly as aws-c-auth normalises. */
    static String normalizePath(String path) {
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : path.split("/")) {
            switch (segment) {
                case "", "." -> {
                    // contribute nothing to a normalised path
                }
                case ".." -> segments.pollLast();
                default -> segments.addLast(segment);
            }
        }
        if (segments.isEmpty()) {
            return "/";
        }
        String normalized = "/" + String.join("/", segments);
        return path.endsWith("/") ? normalized + "/" : normalized;
    }

    /** Trims a header value and collapses each run of spaces inside it to one space. */
    static String normalizeHeaderValue(String value) {
        StringBuilder normalized = new StringBuilder(value.length());
        boolean afterSpace = false;
        for (char c : value.strip().toCharArray()) {
            if (c != ' ' || !afterSpace) {
                normalized.append(c);
            }
            afterSpace = c == ' ';
        }
        return normalized.toString();
    }

    private static String uriEncode(byte[] bytes, boolean encodeSlash) {
        StringBuilder encoded = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            char c = (char) (b & 0xFF);
            if (isUnreserved(c) || (c == '/' && !encodeSlash)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(UPPER_HEX.toHexDigits(b));
            }
        }
        return encoded.toString();
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /**
     * Percent-decodes a piece of a URL as SigV4 and restJson1 read it: UTF-8, and {@code '+'} a literal plus.
     *
     * @throws IllegalArgumentException when a {@code '%'} is not followed by two hex digits
     */
    public static String uriDecode(String text) {
        return new String(percentDecode(text), UTF_8);
    }

    private static byte[] percentDecode(String text) {
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(text.length());
        int i = 0;
        while (i < text.length()) {
            if (text.charAt(i) == '%') {
                if (i + 2 >= text.length()
                        || !HexFormat.isHexDigit(text.charAt(i + 1)) || !HexFormat.isHexDigit(text.charAt(i + 2))) {
                    throw new IllegalArgumentException("invalid percent escape at character " + i);
                }
                decoded.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 3;
            } else {
                int end = text.indexOf('%', i);
                end = end < 0 ? text.length() : end;
                decoded.writeBytes(text.substring(i, end).getBytes(UTF_8));
                i = end;
            }
        }
        return decoded.toByteArray();
    }

    private static byte[] hmacSha256(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK provides HmacSHA256", e);
        }
    }
}
