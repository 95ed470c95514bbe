package dev.iotlocal.emulator.shadow;

import java.util.List;
import java.util.Optional;

/**
 * The emulator's Device Shadow service, for tests that seed a shadow before a device connects or read what a device
 * reported. It is the same service devices reach over MQTT and applications over HTTPS: an update made here is
 * answered, versioned and published on the shadow's {@code update/accepted}, {@code update/delta} and
 * {@code update/documents} topics exactly as one a client makes. Documents are JSON text, as AWS IoT's HTTPS API takes
 * and returns them. A shadow needs no registered thing. Thread-safe.
 */
public interface DeviceShadows {

    /**
     * The classic shadow as {@code GetThingShadow} returns it ({@code state} with {@code desired}, {@code reported} and
     * {@code delta}, {@code metadata}, {@code version}, {@code timestamp}), or empty when it does not exist.
     */
    Optional<String> get(String thingName);

    /** A named shadow, as {@link #get(String)}. */
    Optional<String> get(String thingName, String shadowName);

    /**
     * Updates the classic shadow as {@code UpdateThingShadow} does, for example with
     * {@code {"state":{"reported":{"temperature":21}}}}.
     *
     * @return the accepted document ({@code update/accepted}'s payload)
     * @throws ShadowRejectedException with AWS IoT's code and message when the service refuses the update
     */
    String update(String thingName, String document);

    /** Updates a named shadow, as {@link #update(String, String)}. */
    String update(String thingName, String shadowName, String document);

    /**
     * Deletes the classic shadow; its version carries on with the next update.
     *
     * @throws ShadowRejectedException 404 when it does not exist
     */
    void delete(String thingName);

    /** Deletes a named shadow, as {@link #delete(String)}. */
    void delete(String thingName, String shadowName);

    /** The names of a thing's named shadows, in alphabetical order (the classic shadow is never listed). */
    List<String> namedShadows(String thingName);
}
