package dev.iotlocal.testkit;

import dev.iotlocal.emulator.journal.DisconnectReason;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import java.util.Optional;

/** An expected {@code connected} or {@code disconnected} lifecycle event. Not thread-safe. */
public final class ConnectionExpectation {

    private final Recording recording;
    private final String eventType;
    private final String clientId;
    private Optional<DisconnectReason> reason = Optional.empty();

    ConnectionExpectation(Recording recording, String eventType, String clientId) {
        this.recording = recording;
        this.eventType = eventType;
        this.clientId = clientId;
    }

    /** With this AWS IoT {@code disconnectReason}. */
    public ConnectionExpectation withReason(DisconnectReason reason) {
        this.reason = Optional.of(reason);
        return this;
    }

    /** Waits for the event and returns it. */
    public LifecycleEvent await() {
        return recording.await(LifecycleEvent.class,
                event -> event.eventType().equals(eventType) && event.clientId().equals(clientId)
                        && (reason.isEmpty() || event.disconnectReason().equals(reason)),
                "a '" + eventType + "' event of client '" + clientId + "'" + reason.map(r -> " with reason " + r).orElse(""));
    }
}
