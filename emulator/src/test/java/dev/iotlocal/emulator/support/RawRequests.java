package dev.iotlocal.emulator.support;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.iotlocal.emulator.internal.sigv4.SignedRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Turns raw HTTP request text into a {@link SignedRequest} the way an HTTP server hands a request over, and
 * derives changed copies of a request. Stateless.
 */
public final class RawRequests {

    private RawRequests() {
    }

    /**
     * Parses request text: request line, header lines, an empty line, the body. Lines end in LF (the test
     * vectors' form). The request target is everything between the method and the HTTP version, so a path with
     * a raw space ({@code GET /example space/ HTTP/1.1}) survives. A line starting with whitespace continues the
     * previous header and is unfolded into one space, as HTTP servers (Netty among them) unfold it.
     */
    public static SignedRequest parse(byte[] raw) {
        String text = new String(raw, UTF_8);
        int headEnd = text.indexOf("\n\n");
        String head = headEnd < 0 ? text : text.substring(0, headEnd);
        byte[] body = headEnd < 0 ? new byte[0] : Arrays.copyOfRange(raw, head.getBytes(UTF_8).length + 2, raw.length);
        String[] lines = head.split("\n");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        List<String> lastValues = null;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.startsWith(" ") || line.startsWith("\t")) {
                int last = lastValues.size() - 1;
                lastValues.set(last, lastValues.get(last) + " " + line.strip());
                continue;
            }
            int colon = line.indexOf(':');
            lastValues = headers.computeIfAbsent(line.substring(0, colon), name -> new ArrayList<>());
            lastValues.add(line.substring(colon + 1).strip());
        }
        return fromRequestLine(lines[0], headers, body);
    }

    public static SignedRequest fromRequestLine(String requestLine, Map<String, List<String>> headers, byte[] body) {
        String method = requestLine.substring(0, requestLine.indexOf(' '));
        String target = requestLine.substring(method.length() + 1, requestLine.lastIndexOf(' '));
        int question = target.indexOf('?');
        return new SignedRequest(method, question < 0 ? target : target.substring(0, question),
                question < 0 ? "" : target.substring(question + 1), headers, body);
    }

    /** The raw (still encoded) value of the first query parameter {@code name}, or null. */
    public static String rawQueryValue(SignedRequest request, String name) {
        return Arrays.stream(request.rawQuery().split("&"))
                .filter(piece -> piece.startsWith(name + "="))
                .map(piece -> piece.substring(name.length() + 1))
                .findFirst().orElse(null);
    }

    /** A copy whose query parameter {@code name} has its raw value rewritten; the order is kept. */
    public static SignedRequest withQueryValue(SignedRequest request, String name, UnaryOperator<String> rawValue) {
        String query = Arrays.stream(request.rawQuery().split("&"))
                .map(piece -> piece.startsWith(name + "=")
                        ? name + "=" + rawValue.apply(piece.substring(name.length() + 1))
                        : piece)
                .collect(Collectors.joining("&"));
        return withQuery(request, query);
    }

    /** A copy without the query parameter {@code name}. */
    public static SignedRequest withoutQueryParameter(SignedRequest request, String name) {
        return withQuery(request, Arrays.stream(request.rawQuery().split("&"))
                .filter(piece -> !piece.startsWith(name + "="))
                .collect(Collectors.joining("&")));
    }

    public static SignedRequest withQuery(SignedRequest request, String rawQuery) {
        return new SignedRequest(request.method(), request.rawPath(), rawQuery, request.headers(), request.body());
    }

    /** A copy with every header named {@code name} (in any case) replaced by one with {@code value}. */
    public static SignedRequest withHeader(SignedRequest request, String name, String value) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.keySet().removeIf(received -> received.equalsIgnoreCase(name));
        headers.put(name, List.of(value));
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }

    /** A copy without any header named {@code name} (in any case). */
    public static SignedRequest withoutHeader(SignedRequest request, String name) {
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.keySet().removeIf(received -> received.equalsIgnoreCase(name));
        return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, request.body());
    }
}
