package dev.iotlocal.emulator.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullResponse;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * The AWS SDK's synchronous HTTP client SPI over the JDK's {@link HttpClient}, for the test classpath, which keeps the
 * SDK's Apache and Netty clients out: the SDK's {@code url-connection-client} cannot send {@code PATCH}
 * ({@code HttpURLConnection} refuses the method), and AWS IoT's UpdateThing, UpdateThingGroup and
 * SetDefaultPolicyVersion are PATCH requests. Thread-safe.
 */
public final class JdkSdkHttpClient implements SdkHttpClient {

    /** Headers the JDK sets itself (from the URI and the body) and refuses from callers; the SDK's values are the same. */
    private static final Set<String> SET_BY_THE_JDK = Set.of("host", "content-length", "connection", "expect", "upgrade");

    /** HTTP/1.1: over HTTP/2 there is no Host header, and SigV4 signs it. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest sdkRequest = request.httpRequest();
        byte[] body = request.contentStreamProvider().map(provider -> readAll(provider.newStream())).orElse(new byte[0]);
        HttpRequest.Builder builder = HttpRequest.newBuilder(sdkRequest.getUri()).timeout(Duration.ofSeconds(30))
                .method(sdkRequest.method().name(), body.length == 0 && !sdkRequest.firstMatchingHeader("Content-Length").isPresent()
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        sdkRequest.forEachHeader((name, values) -> {
            if (!SET_BY_THE_JDK.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpResponse<InputStream> response;
                try {
                    response = http.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("Interrupted", e);
                }
                SdkHttpFullResponse.Builder answer = SdkHttpFullResponse.builder().statusCode(response.statusCode());
                response.headers().map().forEach(answer::putHeader);
                return HttpExecuteResponse.builder().response(answer.build())
                        .responseBody(AbortableInputStream.create(response.body())).build();
            }

            @Override
            public void abort() {
                // call() sends synchronously, bounded by the request timeout; there is nothing to cancel from outside
            }
        };
    }

    @Override
    public void close() {
        // the JDK's client holds no resources that outlive its connections' idle timeout
    }

    private static byte[] readAll(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
