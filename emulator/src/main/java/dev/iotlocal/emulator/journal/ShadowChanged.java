package dev.iotlocal.emulator.journal;

import java.time.Instant;
import java.util.Objects;

/**
 * The Device Shadow service accepted an update or a delete of a shadow, over MQTT, HTTPS or the emulator's own API.
 * Immutable.
 *
 * @param thingName  the thing the shadow belongs to (it need not be registered)
 * @param shadowName the named shadow, or the empty string for the classic shadow
 * @param clientId   the MQTT client that asked, or the empty string for an HTTPS request or the emulator's API
 * @param change     what happened to it
 * @param version    the shadow's version after an update; the version it had when it was deleted
 * @param state      after an update, the shadow's whole {@code state} (desired and reported) as JSON; {@code {}} after a delete
 * @param time       when it happened
 */
public record ShadowChanged(String thingName, String shadowName, String clientId, Change change, long version, String state,
                            Instant time) implements JournalEntry {

    public ShadowChanged {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(shadowName, "shadowName");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(time, "time");
    }

    /** What an accepted request did to a shadow. */
    public enum Change {
        /** An update was accepted: the shadow was created or changed, and its version went up by one. */
        UPDATED,
        /** The shadow was deleted; its version is kept for the next update. */
        DELETED
    }

    @Override
    public String toString() {
        return (shadowName.isEmpty() ? "classic shadow of '" + thingName + "'" : "shadow '" + shadowName + "' of '" + thingName + "'")
                + " " + change.name().toLowerCase(java.util.Locale.ROOT) + " to version " + version
                + (clientId.isEmpty() ? "" : " by client '" + clientId + "'") + (change == Change.UPDATED ? ": " + state : "");
    }
}
