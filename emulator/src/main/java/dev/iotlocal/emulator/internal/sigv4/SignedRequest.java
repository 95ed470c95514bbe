package dev.iotlocal.emulator.internal.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request as a door received it (WSS upgrade, Lambda invoke, ...), in the form the SigV4 arithmetic
 * needs. Immutable and thread-safe: the constructor copies the headers and the body.
 *
 * @param method   the request method as received, e.g. {@code GET}
 * @param rawPath  the path exactly as received, still percent-encoded, without the query
 * @param rawQuery the query exactly as received after {@code '?'}, still percent-encoded; null becomes empty
 * @param headers  header names as received, each with its values in the order received; look them up with
 *                 {@link #headerValues(String)}, which ignores case
 * @param body     the payload bytes; null becomes an empty array
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                            byte[] body) {

    public SignedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        rawQuery = rawQuery == null ? "" : rawQuery;
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body.clone();
    }

    /** A copy of the payload bytes. */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * Every value of the header {@code name}, ignoring case, in the order received; names that differ only in
     * case count as one header, as HTTP defines. Empty when the request does not carry it.
     */
    public List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        headers.forEach((received, receivedValues) -> {
            if (received.equalsIgnoreCase(name)) {
                values.addAll(receivedValues);
            }
        });
        return values;
    }
}
