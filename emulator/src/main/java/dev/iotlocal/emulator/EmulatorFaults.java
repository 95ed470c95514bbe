package dev.iotlocal.emulator;

import dev.iotlocal.emulator.journal.DisconnectReason;
import java.time.Duration;

/**
 * Faults a test can inject to see how its code copes with what AWS IoT, Cognito and Lambda sometimes do. Each
 * lasts until {@link #clear()} (the test kit clears them before every test). Thread-safe.
 */
public interface EmulatorFaults {

    /** What a faulty AWS service answers. */
    enum ServiceFault {
        /** The service's throttling error ({@code TooManyRequestsException}), which the AWS SDK retries. */
        THROTTLING,
        /** A server-side failure (HTTP 500). */
        SERVER_ERROR,
        /** No answer for 30 seconds, so the client's timeout decides. */
        TIMEOUT
    }

    /**
     * Disconnects a connected client now; its lifecycle event carries {@code reason}, and an MQTT 5 client gets
     * the matching DISCONNECT reason code (e.g. 0x98 for {@link DisconnectReason#API_INITIATED_DISCONNECT}).
     *
     * @return whether a client with that id was connected
     */
    boolean disconnect(String clientId, DisconnectReason reason);

    /** The next {@code attempts} CONNECTs get no CONNACK: the clients' connect timeouts decide. */
    void withholdConnack(int attempts);

    /** Every PUBACK the broker sends is held back this long. */
    void delayPubacks(Duration delay);

    /** No PUBACK is sent until the fault is cleared (then the held ones go out). */
    void dropPubacks();

    /** Cognito Identity answers every request with the fault. */
    void failCognito(ServiceFault fault);

    /** The auth Lambda's Invoke answers every request with the fault. */
    void failAuthFunction(ServiceFault fault);

    /**
     * Shadow requests published over MQTT are accepted but not answered until the fault is cleared (then the held ones
     * are answered, in order): what a device sees when the Device Shadow service is slow, and how a connection
     * reaches AWS IoT's limit of 10 requests in flight (the 11th is rejected with 429 at once).
     */
    void holdShadowResponses();

    /** Undoes every fault. */
    void clear();
}
