package dev.iotlocal.emulator.internal.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SigV4 arithmetic on its own, for the rules the test vectors leave implicit. */
class SigV4Test {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "-._~AZaz09            | -._~AZaz09",
            "a b                   | a%20b",
            "a+b                   | a%2Bb",
            "a*b                   | a%2Ab",
            "100%                  | 100%25",
            "ሴ                     | %E1%88%B4",
            "a/b                   | a%2Fb",
    })
    void uriEncodeKeepsOnlyUnreservedCharactersAndUsesUppercaseHex(String value, String encoded) {
        assertThat(SigV4.uriEncode(value, true)).isEqualTo(encoded);
    }

    @Test
    void uriEncodeKeepsSlashesOfPaths() {
        assertThat(SigV4.uriEncode("/a b/c", false)).isEqualTo("/a%20b/c");
    }

    @Test
    void canonicalUriEncodesTheReceivedPathAgain() {
        assertThat(SigV4.canonicalUri("/functions/arn%3Aaws%3Alambda/invocations", true))
                .isEqualTo("/functions/arn%253Aaws%253Alambda/invocations");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/a/b/../c/./d//,  /a/c/d/",
            "/a/b/..,          /a",
            "/..,              /",
            "'',               /",
            "/mqtt,            /mqtt",
            "//a//b,           /a/b",
    })
    void normalisedPathLosesDotSegmentsAndEmptySegmentsButKeepsATrailingSlash(String path, String canonical) {
        assertThat(SigV4.canonicalUri(path, true)).isEqualTo(canonical);
    }

    @Test
    void unnormalisedPathIsOnlyEncoded() {
        assertThat(SigV4.canonicalUri("//a/./b/../", false)).isEqualTo("//a/./b/../");
    }

    @Test
    void canonicalQueryDecodesAndEncodesAgainWithUppercaseHex() {
        assertThat(SigV4.canonicalQuery("X-Amz-Security-Token=tok%2fen%2b%3d&name=a%20b", Set.of()))
                .isEqualTo("X-Amz-Security-Token=tok%2Fen%2B%3D&name=a%20b");
    }

    @Test
    void plusInTheQueryIsALiteralPlusNotASpace() {
        assertThat(SigV4.canonicalQuery("a=b+c", Set.of())).isEqualTo("a=b%2Bc");
    }

    @Test
    void canonicalQuerySortsByNameThenByValueNotByTheWholePair() {
        // sorting "a-=x" and "a=y" as whole strings would put "a-" first ('-' < '=')
        assertThat(SigV4.canonicalQuery("b=0&a-=x&a=2&a=1", Set.of())).isEqualTo("a=1&a=2&a-=x&b=0");
    }

    @Test
    void parameterWithoutValueGetsAnEmptyValueAndEmptyPiecesAreSkipped() {
        assertThat(SigV4.canonicalQuery("flag&&b=&", Set.of())).isEqualTo("b=&flag=");
    }

    @Test
    void excludedParametersAreMatchedAfterDecoding() {
        assertThat(SigV4.canonicalQuery("X%2DAmz-Signature=abc&a=1", Set.of("X-Amz-Signature"))).isEqualTo("a=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=%zz", "a=%", "a=%4", "%G1=b"})
    void invalidPercentEscapeIsRejected(String query) {
        assertThatIllegalArgumentException().isThrownBy(() -> SigV4.canonicalQuery(query, Set.of()))
                .withMessageContaining("percent escape");
    }

    @Test
    void canonicalHeadersJoinRepeatedHeadersOfAnyCaseAndCollapseSpaces() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost:8443"));
        headers.put("My-Header", List.of("  a   b\tc  "));
        headers.put("my-header", List.of("d"));
        SignedRequest request = new SignedRequest("GET", "/", "", headers, null);

        assertThat(SigV4.canonicalHeaders(request, List.of("host", "my-header")))
                .isEqualTo("host:localhost:8443\nmy-header:a b\tc,d\n");
    }

    @Test
    void canonicalHeadersRejectASignedHeaderTheRequestLacks() {
        SignedRequest request = new SignedRequest("GET", "/", "", Map.of("Host", List.of("h")), null);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> SigV4.canonicalHeaders(request, List.of("connection", "host")))
                .withMessageContaining("connection");
    }

    @Test
    void payloadHashIsTheDeclaredValueOrTheBodyHash() {
        SignedRequest declared = new SignedRequest("PUT", "/", "",
                Map.of("X-Amz-Content-Sha256", List.of("UNSIGNED-PAYLOAD")), new byte[] {1});
        SignedRequest empty = new SignedRequest("GET", "/", "", Map.of(), null);

        assertThat(SigV4.payloadHash(declared)).isEqualTo("UNSIGNED-PAYLOAD");
        assertThat(SigV4.payloadHash(empty)).isEqualTo(SigV4.EMPTY_PAYLOAD_SHA256);
    }

    @ParameterizedTest(name = "{1}/{2}/{3}")
    @CsvSource({
            // AWS's documented signing-key derivations (IAM user guide, "Examples of signing key derivation")
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam, "
                    + "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830, us-east-1, iam, "
                    + "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
    })
    void signingKeyMatchesAwsDocumentedDerivation(String secret, String date, String region, String service,
                                                  String key) {
        assertThat(HexFormat.of().formatHex(SigV4.signingKey(secret, date, region, service))).isEqualTo(key);
    }

    @Test
    void amzDateRoundTripsAndRejectsOtherFormats() {
        Instant time = Instant.parse("2015-08-30T12:36:00Z");

        assertThat(SigV4.formatAmzDate(time)).isEqualTo("20150830T123600Z");
        assertThat(SigV4.parseAmzDate("20150830T123600Z")).isEqualTo(time);
        for (String invalid : List.of("20150830T123600", "2015-08-30T12:36:00Z", "20150230T123600Z", "")) {
            assertThatThrownBy(() -> SigV4.parseAmzDate(invalid)).as(invalid)
                    .isInstanceOf(DateTimeParseException.class);
        }
    }
}
