package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.registry.ModelConstraints;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import dev.iotlocal.emulator.internal.util.Json;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One restJson1 request to AWS IoT's control plane, as a route's handler reads it: path labels already
 * percent-decoded, query parameters decoded, the JSON body (an empty object when there is none). Reading a member
 * that is missing or of the wrong type throws the {@code InvalidRequestException} AWS answers. Immutable.
 *
 * @param labels  the route's {@code {label}} values, decoded
 * @param query   query parameters, decoded, each with its values in order
 * @param headers header names in lower case to their first value
 */
record IotRequest(String method, String path, Map<String, String> labels, Map<String, List<String>> query,
                  Map<String, String> headers, ObjectNode body) {

    /** A path label; routes only match when every label is there. */
    String label(String name) {
        return labels.get(name);
    }

    Optional<String> query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** A required query parameter. */
    String requiredQuery(String name) {
        return query(name).orElseThrow(() -> RegistryError.invalidRequest("Missing required parameter in query: " + name));
    }

    /** A boolean query parameter; absent is {@code otherwise}. */
    boolean booleanQuery(String name, boolean otherwise) {
        Optional<String> value = query(name);
        if (value.isEmpty()) {
            return otherwise;
        }
        return switch (value.get()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ModelConstraints.violation(value.get(), name, "Member must be true or false");
        };
    }

    /** An integer query parameter within bounds, such as {@code maxResults} or {@code pageSize}; absent is {@code otherwise}. */
    int intQuery(String name, int min, int max, int otherwise) {
        Optional<String> value = query(name);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ModelConstraints.violation(value.get(), name, "Member must have value between " + min + " and " + max);
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    String requiredHeader(String name) {
        return header(name).orElseThrow(() -> RegistryError.invalidRequest("Missing required header: " + name));
    }

    /** A string member of the body, if present. */
    Optional<String> string(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw RegistryError.invalidRequest("The member " + member + " must be a string");
        }
        return Optional.of(value.asText());
    }

    /** A required string member of the body. */
    String requiredString(String member) {
        return string(member).orElseThrow(() -> RegistryError.invalidRequest("Missing required parameter in body: " + member));
    }

    Optional<Boolean> bool(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isBoolean()) {
            throw RegistryError.invalidRequest("The member " + member + " must be a boolean");
        }
        return Optional.of(value.asBoolean());
    }

    Optional<Long> number(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber()) {
            throw RegistryError.invalidRequest("The member " + member + " must be an integer");
        }
        return Optional.of(value.asLong());
    }

    /** An object member of the body, if present. */
    Optional<ObjectNode> object(String member) {
        JsonNode value = body.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw RegistryError.invalidRequest("The member " + member + " must be an object");
        }
        return Optional.of((ObjectNode) value);
    }

    /**
     * A timestamp as restJson1 puts it in a body: epoch seconds with the milliseconds as a fraction, written out as
     * AWS writes it ({@code 1541022751.983}; a double would go out as {@code 1.541022751983E9}).
     */
    static BigDecimal epochSeconds(long epochMillis) {
        return BigDecimal.valueOf(epochMillis, 3);
    }

    /** A new empty JSON object, for a handler's answer. */
    static ObjectNode answer() {
        return Json.MAPPER.createObjectNode();
    }
}
