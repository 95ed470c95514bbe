package dev.iotlocal.emulator.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * The Device Shadow service refused a request, with the code and message AWS IoT answers (on the {@code rejected}
 * topic over MQTT, as the HTTP status over HTTPS). Not a rule violation: a version conflict or a get of a shadow that
 * does not exist is part of normal device code, so the test kit never fails a test for one. Immutable.
 *
 * @param thingName  the thing named in the request
 * @param shadowName the named shadow, or the empty string for the classic shadow
 * @param clientId   the MQTT client that asked, or the empty string for an HTTPS request
 * @param operation  {@code get}, {@code update} or {@code delete}
 * @param code       AWS IoT's error code, such as 404, 409 or 400
 * @param message    AWS IoT's message, such as {@code Version conflict}
 * @param time       when it happened
 */
public record ShadowRejected(String thingName, String shadowName, String clientId, String operation, int code, String message,
                             Instant time) implements JournalEntry {

    public ShadowRejected {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(shadowName, "shadowName");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
    }

    @Override
    public String toString() {
        return operation + " of " + (shadowName.isEmpty() ? "the classic shadow of '" + thingName + "'"
                : "shadow '" + shadowName + "' of '" + thingName + "'") + (clientId.isEmpty() ? "" : " by client '" + clientId + "'")
                + " rejected with " + code + ": " + message;
    }
}
