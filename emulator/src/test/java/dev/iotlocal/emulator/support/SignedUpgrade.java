package dev.iotlocal.emulator.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * A WebSocket upgrade to {@code /mqtt} as the AWS IoT Device SDK v2 sends it, presigned with {@link RequestSigner}
 * and sent over TLS, so a test can change one thing and see what the WSS door answers.
 */
public final class SignedUpgrade {

    /** What the SDK's upgrade signs (measured with SDK 1.30.1): aws-c-auth leaves the WebSocket headers out. */
    public static final List<String> SIGNED_HEADERS = List.of("connection", "host");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the door answered to {@code request}, and when: the door's clock read between {@code sentAt} and
     * {@code answeredAt}.
     */
    public record Response(SignedRequest request, int status, Map<String, String> headers, String body,
                           Instant sentAt, Instant answeredAt) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** The {@code message} of the JSON body a refusal carries. */
        public String message() {
            try {
                JsonNode message = JSON.readTree(body).path("message");
                assertThat(message.isTextual()).as("a JSON body with a message: %s", body).isTrue();
                return message.asText();
            } catch (IOException e) {
                throw new AssertionError("The body is not JSON: " + body, e);
            }
        }
    }

    private SignedUpgrade() {}

    /** The upgrade request of an SDK client dialling {@code localhost}, presigned by {@code signer}. */
    public static SignedRequest presigned(RequestSigner signer) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Host", List.of("localhost"));
        headers.put("Upgrade", List.of("websocket"));
        headers.put("Connection", List.of("Upgrade"));
        headers.put("Sec-WebSocket-Key", List.of("dGhlIHNhbXBsZSBub25jZQ=="));
        headers.put("Sec-WebSocket-Version", List.of("13"));
        headers.put("Sec-WebSocket-Protocol", List.of("mqtt"));
        return signer.presign(new SignedRequest("GET", "/mqtt", "", headers, null), SIGNED_HEADERS,
                RequestSigner.Token.APPENDED_AFTER_SIGNING);
    }

    /** Sends the upgrade, its headers as they are, and reads the status, headers and body. */
    public static Response send(IotEmulator emulator, SignedRequest upgrade) {
        try (SSLSocket socket = (SSLSocket) tlsTrusting(emulator).getSocketFactory()
                .createSocket(emulator.endpoints().host(), emulator.endpoints().wssPort())) {
            socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
            // TLS first, so the window in which the door reads its clock is the request's alone
            socket.startHandshake();
            String target = upgrade.rawPath() + (upgrade.rawQuery().isEmpty() ? "" : "?" + upgrade.rawQuery());
            StringBuilder request = new StringBuilder(upgrade.method() + " " + target + " HTTP/1.1\r\n");
            upgrade.headers().forEach((name, values) -> values.forEach(
                    value -> request.append(name).append(": ").append(value).append("\r\n")));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            Instant sentAt = Instant.now();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(upgrade, socket.getInputStream(), sentAt);
        } catch (Exception e) {
            throw new IllegalStateException("The upgrade request failed: " + e, e);
        }
    }

    /** Sends an upgrade presigned by {@code signer} with {@code tamper} applied. */
    public static Response sendTampered(IotEmulator emulator, RequestSigner signer, UpgradeTamper tamper) {
        return send(emulator, tamper.apply(presigned(signer), signer));
    }

    /** {@link #assertForbidden(RunningEmulator, Response, Function)} with the message of the tamper sent. */
    public static void assertForbidden(RunningEmulator running, Response response, UpgradeTamper tamper) {
        String region = running.get().config().region();
        assertForbidden(running, response, now -> tamper.message(response.request(), region, now));
    }

    /**
     * Asserts AWS IoT's refusal of an upgrade: 403 with {@code x-amzn-ErrorType: ForbiddenException:} and a JSON
     * {@code message}, the same message in a {@code NOT_AUTHORIZED} violation, and no session.
     *
     * @param message the message expected when the door's clock reads the given second
     */
    public static void assertForbidden(RunningEmulator running, Response response, Function<Instant, String> message) {
        Set<String> expected = new LinkedHashSet<>();
        for (Instant second = response.sentAt().truncatedTo(ChronoUnit.SECONDS); !second.isAfter(response.answeredAt());
                second = second.plusSeconds(1)) {
            expected.add(message.apply(second));
        }
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.header("x-amzn-ErrorType")).isEqualTo("ForbiddenException:");
        assertThat(response.header("content-type")).isEqualTo("application/json");
        assertThat(response.message()).isIn(expected);
        RuleViolation violation = running.awaitViolation(v -> v.rule() == AwsIotRule.NOT_AUTHORIZED);
        assertThat(violation.detail()).contains("403").endsWith(": " + response.message());
        assertThat(running.get().journal().lifecycleEvents()).as("no session opened").isEmpty();
    }

    private static Response read(SignedRequest request, InputStream in, Instant sentAt) throws IOException {
        String statusLine = line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        String body = "";
        if (headers.containsKey("content-length")) {
            body = new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }
        return new Response(request, Integer.parseInt(statusLine.split(" ")[1]), headers, body, sentAt, Instant.now());
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static SSLContext tlsTrusting(IotEmulator emulator) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers(emulator), null);
        return context;
    }

    /** Trust managers that trust the emulator's CA, and nothing else. */
    public static TrustManager[] trustManagers(IotEmulator emulator) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(emulator.certificates().caCertificatePem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        return trustManagers.getTrustManagers();
    }
}
