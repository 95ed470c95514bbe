package dev.iotlocal.emulator.internal.rules;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.policy.ConnectionAuthorization;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What a {@link Check} sees of the client and its packets: plain values, free of any broker's types. */
public final class Packets {

    private Packets() {}

    /**
     * Who sends the packet.
     *
     * @param clientId  the client id, as the client sent it
     * @param principal who is behind the connection, as its door established it
     * @param mqtt5     whether the connection speaks MQTT 5 (else 3.1.1 or 3.1)
     * @param authorization what its policies let it do, or null when policies are not evaluated
     */
    public record Client(String clientId, Principal principal, boolean mqtt5, ConnectionAuthorization authorization) {
        public Client {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** A CONNECT's Will. */
    public record Will(String topic, int qos, boolean retain) {}

    /** A CONNECT, as the client sent it. */
    public record Connect(int keepAliveSeconds, Optional<Will> will) {}

    /** A PUBLISH. */
    public record Publish(String topic, int qos, boolean retain) {}

    /** A SUBSCRIBE as a whole: its filters, as the client sent them, and its MQTT 5 subscription identifier. */
    public record Subscribe(List<String> filters, Optional<Integer> subscriptionIdentifier) {
        public Subscribe {
            filters = List.copyOf(filters);
        }
    }

    /** One topic filter of a SUBSCRIBE, as the client sent it, with the QoS it asked for. */
    public record Filter(String filter, int qos) {}

    /** A message the broker is about to send to a subscriber. */
    public record Delivery(String topic, boolean retain) {}
}
