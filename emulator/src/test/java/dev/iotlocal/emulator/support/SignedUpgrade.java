package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.IotEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.crt.auth.credentials.Credentials;
import software.amazon.awssdk.crt.auth.signing.AwsSigner;
import software.amazon.awssdk.crt.auth.signing.AwsSigningConfig;
import software.amazon.awssdk.crt.http.HttpHeader;
import software.amazon.awssdk.crt.http.HttpRequest;

/**
 * A WebSocket upgrade to {@code /mqtt} signed by aws-crt's own SigV4 signer, configured as the AWS IoT Device
 * SDK configures it (query signing, {@code iotdevicegateway}, session token left out of the signature), sent
 * over TLS so a test can change one thing and see what the WSS door answers.
 */
public final class SignedUpgrade {

    /** What the door answered. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private SignedUpgrade() {}

    /**
     * The path and query of a signed upgrade request, exactly as aws-crt produces it.
     *
     * @param host the Host header value that is signed
     */
    public static String sign(String host, String region, String service, String accessKeyId, String secret, String token, Instant time) {
        HttpHeader[] headers = {new HttpHeader("Host", host), new HttpHeader("Connection", "Upgrade")};
        HttpRequest request = new HttpRequest("GET", "/mqtt", headers, null);
        try (AwsSigningConfig config = new AwsSigningConfig()) {
            config.setAlgorithm(AwsSigningConfig.AwsSigningAlgorithm.SIGV4);
            config.setSignatureType(AwsSigningConfig.AwsSignatureType.HTTP_REQUEST_VIA_QUERY_PARAMS);
            config.setRegion(region);
            config.setService(service);
            config.setTime(time.toEpochMilli());
            config.setCredentials(new Credentials(bytes(accessKeyId), bytes(secret), token == null ? null : bytes(token)));
            config.setOmitSessionToken(true);
            return AwsSigner.signRequest(request, config).join().getEncodedPath();
        }
    }

    /** Sends the upgrade with the usual WebSocket headers plus {@code Host}, and reads the status and body. */
    public static Response send(IotEmulator emulator, String pathAndQuery, String hostHeader) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", hostHeader);
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        headers.put("Sec-WebSocket-Version", "13");
        headers.put("Sec-WebSocket-Protocol", "mqtt");
        return send(emulator, "GET " + pathAndQuery + " HTTP/1.1", headers);
    }

    private static Response send(IotEmulator emulator, String requestLine, Map<String, String> headers) {
        try (SSLSocket socket = (SSLSocket) tlsTrusting(emulator).getSocketFactory()
                .createSocket(emulator.endpoints().host(), emulator.endpoints().wssPort())) {
            socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
            StringBuilder request = new StringBuilder(requestLine).append("\r\n");
            headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(socket.getInputStream());
        } catch (Exception e) {
            throw new IllegalStateException("The upgrade request failed: " + e, e);
        }
    }

    private static Response read(InputStream in) throws IOException {
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
        return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
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

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
