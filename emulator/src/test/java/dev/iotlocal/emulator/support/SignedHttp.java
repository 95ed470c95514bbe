package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.AccountCredentials;
import dev.iotlocal.emulator.internal.sigv4.SigV4;
import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Raw HTTP requests to the AWS API endpoint, header-signed with {@link RequestSigner} for a service name, for what no
 * SDK sends (another signing name, a malformed query) or to see the bytes an SDK would parse.
 */
public final class SignedHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SignedHttp() {}

    /** A GET of {@code pathAndQuery} (still percent-encoded) signed with {@code key} for {@code service}. */
    public static HttpResponse<String> get(URI endpoint, String pathAndQuery, AccountCredentials key, String service)
            throws IOException, InterruptedException {
        return get(HTTP, endpoint, pathAndQuery, key, service);
    }

    /** The same with a given client (one that trusts the emulator CA, for its HTTPS endpoints). */
    public static HttpResponse<String> get(HttpClient http, URI endpoint, String pathAndQuery, AccountCredentials key, String service)
            throws IOException, InterruptedException {
        URI uri = endpoint.resolve(pathAndQuery);
        Instant now = Instant.now();
        String host = uri.getHost() + ":" + uri.getPort();
        SignedRequest unsigned = new SignedRequest("GET", uri.getRawPath(), uri.getRawQuery(),
                Map.of("host", List.of(host), "x-amz-date", List.of(SigV4.formatAmzDate(now))), new byte[0]);
        SignedRequest signed = RequestSigner.of(key.accessKeyId(), key.secretAccessKey(), null).service(service).at(now)
                .signHeader(unsigned, List.of("host", "x-amz-date"));
        return http.send(HttpRequest.newBuilder(uri).GET()
                        .header("x-amz-date", signed.headerValues("x-amz-date").get(0))
                        .header("Authorization", signed.headerValues("Authorization").get(0)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
