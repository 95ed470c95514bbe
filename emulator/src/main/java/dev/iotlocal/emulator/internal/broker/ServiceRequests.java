package dev.iotlocal.emulator.internal.broker;

import java.nio.ByteBuffer;

/**
 * The AWS IoT services that answer requests published on reserved topics (the Device Shadow service; next, jobs and
 * fleet provisioning). The broker hands them every PUBLISH it accepted on a {@code $aws} topic after every check;
 * the message is also delivered to the topic's subscribers, as in AWS IoT. Implementations must be thread-safe and must
 * not block: they are called on HiveMQ's threads.
 */
@FunctionalInterface
public interface ServiceRequests {

    /** Nobody answers. */
    ServiceRequests NONE = (clientId, topic, payload) -> { };

    /**
     * A request, possibly: most {@code $aws} topics are not requests, and are ignored.
     *
     * @param clientId the publishing client, or the empty string for an HTTPS publish
     * @param payload  the payload, read only within the call
     */
    void received(String clientId, String topic, ByteBuffer payload);
}
