package dev.iotlocal.emulator.internal.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A shadow request's payload, read and checked as AWS IoT's Device Shadow service reads it, in its order: UTF-8, JSON,
 * {@code clientToken}, {@code version}, then for an update {@code state} and its sections, nesting and arrays. A
 * failed check is a {@link ShadowRejection} with AWS IoT's code and message; the token, when it was valid, is kept for
 * the rejection. Immutable.
 *
 * @param clientToken the request's token, echoed in every answer to it
 * @param version     the version an update expects the shadow to have
 * @param state       an update's {@code state}: an object, or a JSON null (clear both sections); null for get and delete
 */
record ShadowRequest(Optional<String> clientToken, OptionalLong version, JsonNode state) {

    static final int MAXIMUM_CLIENT_TOKEN_BYTES = 64;
    static final int MAXIMUM_DEPTH = 6;

    /** A rejection of a request whose token was read: the answer echoes it. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient ShadowRejection rejection;
        final transient Optional<String> clientToken;

        Rejected(ShadowRejection rejection, Optional<String> clientToken) {
            super(rejection.getMessage(), null, false, false);
            this.rejection = rejection;
            this.clientToken = clientToken;
        }
    }

    /**
     * A get's or delete's payload: the service reads only its token (the SDKs send {@code thingName}, {@code shadowName}
     * and {@code clientToken}; an empty payload or one that is not JSON is a request without a token).
     */
    static ShadowRequest ofGetOrDelete(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return new ShadowRequest(Optional.empty(), OptionalLong.empty(), null);
        }
        try {
            JsonNode body = Json.MAPPER.readTree(payload);
            JsonNode token = body == null ? null : body.get("clientToken");
            if (token != null && token.isTextual() && utf8Bytes(token.asText()) <= MAXIMUM_CLIENT_TOKEN_BYTES) {
                return new ShadowRequest(Optional.of(token.asText()), OptionalLong.empty(), null);
            }
        } catch (IOException notJson) {
            // read as a request without a token
        }
        return new ShadowRequest(Optional.empty(), OptionalLong.empty(), null);
    }

    /**
     * An update's payload.
     *
     * @param http whether it came over HTTPS, where AWS IoT words invalid JSON differently
     * @throws Rejected when AWS IoT would refuse it
     */
    static ShadowRequest ofUpdate(byte[] payload, boolean http) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload));
        } catch (CharacterCodingException notUtf8) {
            throw rejected(415, "Unsupported documented encoding; supported encoding is UTF-8", "the payload is not UTF-8", null);
        }
        String invalidJson = http ? "Payload contains invalid json" : "Invalid JSON";
        JsonNode body;
        try {
            body = payload.length == 0 ? null : Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw rejected(400, invalidJson, "the payload is not JSON", null);
        }
        if (body == null || body.isMissingNode()) {
            throw rejected(400, payload.length == 0 && http ? "Missing required node: state" : invalidJson, "the payload is empty", null);
        }
        if (!body.isObject()) {
            throw rejected(400, invalidJson, "the payload is JSON but not an object", null);
        }
        Optional<String> token = Optional.empty();
        JsonNode tokenNode = body.get("clientToken");
        if (tokenNode != null && !tokenNode.isNull()) {
            if (!tokenNode.isTextual() || utf8Bytes(tokenNode.asText()) > MAXIMUM_CLIENT_TOKEN_BYTES) {
                throw rejected(400, "Invalid clientToken", "a clientToken is a string of at most 64 bytes", null);
            }
            token = Optional.of(tokenNode.asText());
        }
        OptionalLong version = OptionalLong.empty();
        JsonNode versionNode = body.get("version");
        if (versionNode != null && !versionNode.isNull()) {
            if (!versionNode.isIntegralNumber() || !versionNode.canConvertToLong()) {
                throw rejected(400, "Invalid version", "version must be a whole number, the version the update expects", token);
            }
            version = OptionalLong.of(versionNode.asLong());
        }
        JsonNode state = body.get("state");
        if (state == null) {
            throw rejected(400, "Missing required node: state", "an update is {\"state\":{\"desired\":{...}}} or with \"reported\"", token);
        }
        if (!state.isNull()) {
            if (!state.isObject()) {
                throw rejected(400, "State node must be an object", null, token);
            }
            for (Iterator<String> names = state.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("desired") && !name.equals("reported")) {
                    throw rejected(400, "State contains an invalid node: '" + name + "'",
                            "state holds only desired and reported; the delta is the service's to compute", token);
                }
            }
            section(state, "desired", "Desired node must be an object", token);
            section(state, "reported", "Reported node must be an object", token);
            if (ShadowJson.depth(state) > MAXIMUM_DEPTH) {
                throw rejected(400, "JSON contains too many levels of nesting; maximum is " + MAXIMUM_DEPTH,
                        "state counts as level 1, desired or reported as 2, each object or array inside one more", token);
            }
            if (ShadowJson.arrayHoldsNull(state)) {
                throw rejected(400, "Invalid JSON", "an array in a shadow cannot hold null; arrays replace whole, so send it without", token);
            }
        }
        return new ShadowRequest(token, version, state);
    }

    private static void section(JsonNode state, String name, String message, Optional<String> token) {
        JsonNode section = state.get(name);
        if (section != null && !section.isNull() && !(section instanceof ObjectNode)) {
            throw rejected(400, message, null, token);
        }
    }

    static Rejected rejected(int code, String message, String hint, Optional<String> token) {
        return new Rejected(new ShadowRejection(code, message, hint), token == null ? Optional.empty() : token);
    }

    private static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
