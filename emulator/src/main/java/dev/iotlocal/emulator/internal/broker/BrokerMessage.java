package dev.iotlocal.emulator.internal.broker;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A message the emulator itself publishes (a lifecycle event, a shadow answer, an HTTPS {@code Publish}), with the
 * MQTT 5 properties an HTTPS publish can carry. Immutable.
 *
 * @param userProperties       name and value pairs, in order (a name may repeat)
 * @param payloadFormatUtf8    the payload format indicator: true for UTF-8 text, false for bytes, empty when not set
 */
public record BrokerMessage(String topic, byte[] payload, int qos, boolean retain, Optional<String> contentType,
                            Optional<String> responseTopic, Optional<byte[]> correlationData, List<Map.Entry<String, String>> userProperties,
                            OptionalLong messageExpirySeconds, Optional<Boolean> payloadFormatUtf8) {

    public BrokerMessage {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        userProperties = List.copyOf(userProperties);
    }

    /** A QoS 1 message without properties: what AWS IoT's services publish. */
    public static BrokerMessage atLeastOnce(String topic, byte[] payload) {
        return new BrokerMessage(topic, payload, 1, false, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                OptionalLong.empty(), Optional.empty());
    }
}
