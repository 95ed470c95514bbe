package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.cognito.AuthFunction;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;

/**
 * The auth Lambda the seed flow calls: logs in a configured user and answers with a user-pool ID token at
 * {@code credentials.token}. Accepts {@code {"username","password"}} and
 * {@code {"action":"LOGIN","attributes":{"userName","password"}}}.
 */
final class BuiltInAuthFunction implements AuthFunction {

    @Override
    public String invoke(String payload, UserPool userPool) throws FunctionError {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new FunctionError("InvalidRequest", "The payload is not JSON");
        }
        JsonNode login = request != null && request.has("attributes") ? request.get("attributes") : request;
        String username = text(login, "username", "userName");
        String password = text(login, "password");
        if (username == null || password == null) {
            throw new FunctionError("InvalidRequest",
                    "Expected {\"username\":...,\"password\":...} or {\"action\":\"LOGIN\",\"attributes\":{\"userName\":...,\"password\":...}}");
        }
        if (!userPool.passwordMatches(username, password)) {
            throw new FunctionError("NotAuthorizedException", "Incorrect username or password.");
        }
        ObjectNode response = Json.MAPPER.createObjectNode();
        response.putObject("credentials")
                .put("token", userPool.idToken(username))
                .put("tokenType", "Bearer")
                .put("expiresIn", 3600);
        response.put("userName", username);
        return response.toString();
    }

    private static String text(JsonNode node, String... names) {
        if (node == null) {
            return null;
        }
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value != null && value.isTextual()) {
                return value.asText();
            }
        }
        return null;
    }
}
