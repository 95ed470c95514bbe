package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.util.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An error answer as an AWS service puts it on the wire: status, headers and body, in the shape of one of the
 * protocols the emulator answers in. It knows no HTTP framework, so the AWS API endpoint's WireMock transformers
 * ({@link WireMockResponses#of}) and the WSS door's Netty handler send the same thing; the transport adds what is
 * its own ({@code Content-Length}, {@code Connection}). Every factory call makes a new request id.
 * Immutable and thread-safe.
 *
 * @param headers names spelled as AWS sends them, in the order they are sent
 */
public record AwsErrorResponse(int status, Map<String, String> headers, String body) {

    private static final String REQUEST_ID = "x-amzn-RequestId";
    private static final String ERROR_TYPE = "x-amzn-ErrorType";
    private static final String CONTENT_TYPE = "Content-Type";

    public AwsErrorResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * awsJson1.1, as Amazon Cognito answers: {@code {"__type":...,"message":...}} and {@code x-amzn-ErrorType: type:}.
     * The AWS SDKs map {@code type} to the operation's typed exception whatever the status.
     */
    public static AwsErrorResponse awsJson(int status, String type, String message) {
        Map<String, String> headers = headers("application/x-amz-json-1.1");
        headers.put(ERROR_TYPE, type + ":");
        return new AwsErrorResponse(status, headers,
                Json.MAPPER.createObjectNode().put("__type", type).put("message", message).toString());
    }

    /** restJson1 as AWS Lambda answers; see {@link #restJson(int, String, String, Map)}. */
    public static AwsErrorResponse restJson(int status, String type, String message) {
        return restJson(status, type, message, Map.of());
    }

    /**
     * restJson1 as AWS Lambda answers: the type in {@code x-amzn-ErrorType}, the body's {@code Type} saying whose
     * fault it is ({@code User} or {@code Service}), and the message as {@code Message} in the shapes Lambda models
     * so (its 404 and 5xx errors), {@code message} in the others.
     *
     * @param members further members of the error shape, such as {@code Reason} of {@code TooManyRequestsException}
     */
    public static AwsErrorResponse restJson(int status, String type, String message, Map<String, String> members) {
        Map<String, String> headers = headers("application/json");
        headers.put(ERROR_TYPE, type);
        ObjectNode body = Json.MAPPER.createObjectNode()
                .put(status == 404 || status >= 500 ? "Message" : "message", message)
                .put("Type", status >= 500 ? "Service" : "User");
        members.forEach(body::put);
        return new AwsErrorResponse(status, headers, body.toString());
    }

    /**
     * restJson1 as AWS IoT's control plane answers: {@code x-amzn-ErrorType: type:} (the colon as the real service
     * sends it; the SDKs cut it off) and {@code {"message":...}} plus the shape's further members.
     */
    public static AwsErrorResponse iot(int status, String type, String message, Map<String, String> members) {
        Map<String, String> headers = headers("application/json");
        headers.put(ERROR_TYPE, type + ":");
        ObjectNode body = Json.MAPPER.createObjectNode().put("message", message);
        members.forEach(body::put);
        return new AwsErrorResponse(status, headers, body.toString());
    }

    /**
     * awsQuery, as AWS STS answers: an XML {@code <ErrorResponse>} whose {@code Code} the AWS SDKs map to the
     * operation's typed exception.
     */
    public static AwsErrorResponse awsQuery(int status, String code, String message) {
        Map<String, String> headers = headers("text/xml");
        String body = "<ErrorResponse><Error><Type>" + (status >= 500 ? "Receiver" : "Sender") + "</Type>"
                + "<Code>" + xml(code) + "</Code><Message>" + xml(message) + "</Message></Error>"
                + "<RequestId>" + headers.get(REQUEST_ID) + "</RequestId></ErrorResponse>";
        return new AwsErrorResponse(status, headers, body);
    }

    /**
     * AWS IoT's answer to a refused MQTT-over-WebSocket upgrade: 403, {@code x-amzn-ErrorType: ForbiddenException:}
     * and {@code {"message":...,"traceId":...}} with the gateway's CORS headers.
     */
    public static AwsErrorResponse forbidden(String message) {
        return gateway(403, message).withHeader(ERROR_TYPE, "ForbiddenException:");
    }

    /**
     * Any other error of AWS IoT's gateway, such as a 404 for a path it does not serve: {@code {"message":...,
     * "traceId":...}} with the gateway's CORS headers.
     */
    public static AwsErrorResponse gateway(int status, String message) {
        Map<String, String> headers = headers("application/json");
        headers.put("access-control-allow-origin", "*");
        headers.put("access-control-expose-headers", "x-amzn-ErrorMessage, x-amzn-RequestId, x-amzn-ErrorType, Date");
        return new AwsErrorResponse(status, headers,
                Json.MAPPER.createObjectNode().put("message", message).put("traceId", UUID.randomUUID().toString()).toString());
    }

    /** This response with one more header, or with a header's value replaced. */
    public AwsErrorResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new AwsErrorResponse(status, more, body);
    }

    private static Map<String, String> headers(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(CONTENT_TYPE, contentType);
        headers.put(REQUEST_ID, UUID.randomUUID().toString());
        return headers;
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
