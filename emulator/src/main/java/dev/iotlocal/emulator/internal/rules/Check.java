package dev.iotlocal.emulator.internal.rules;

import java.util.Set;

/**
 * One stage of the checks every CONNECT, PUBLISH, SUBSCRIBE and delivery passes, in the order the broker's
 * pipeline lists them: each AWS IoT rule is one, and the policy evaluator will be one more. A check answers the
 * refusal AWS IoT would give, or null to let the packet through; the broker turns refusals into wire behaviour and
 * journal entries. The modifying methods change what the broker is handed; each defaults to leaving it alone.
 * Implementations are stateless or thread-safe: the broker calls them from many threads.
 */
public interface Check {

    /** A CONNECT from an admitted client (its door already established who it is). */
    default Refusal connect(Packets.Client client, Packets.Connect connect) {
        return null;
    }

    /** A PUBLISH (not a Will: Wills are checked with their CONNECT). */
    default Refusal publish(Packets.Client client, Packets.Publish publish) {
        return null;
    }

    /**
     * A SUBSCRIBE as a whole, before its filters one by one.
     *
     * @param sessionSubscriptions the filters the client's session holds already
     */
    default Refusal subscribe(Packets.Client client, Packets.Subscribe subscribe, Set<String> sessionSubscriptions) {
        return null;
    }

    /** One topic filter of a SUBSCRIBE that passed {@link #subscribe}. */
    default Refusal filter(Packets.Client client, Packets.Filter filter) {
        return null;
    }

    /** The keep-alive, in seconds, the broker applies for one the client asked for. */
    default int keepAlive(int requestedSeconds) {
        return requestedSeconds;
    }

    /** The filter the broker is handed for one a client subscribes or unsubscribes with. */
    default String brokerFilter(String clientFilter) {
        return clientFilter;
    }

    /**
     * The client's filter for one that {@link #brokerFilter} made, to check what the client sent; the broker asks
     * only for filters it knows it rewrote (a client may subscribe to the rewritten form itself).
     */
    default String clientFilter(String brokerFilter) {
        return brokerFilter;
    }

    /** Whether a subscription keeps the RETAIN flag of what it receives, given what the client asked for. */
    default boolean retainAsPublished(boolean requested) {
        return requested;
    }

    /** Whether deliveries must be checked one by one ({@link #delivers}); costly, so only where a check needs it. */
    default boolean checksDeliveries() {
        return false;
    }

    /**
     * Whether a message goes to a subscriber whose session holds these filters.
     *
     * @param sessionSubscriptions the subscriber's filters, as it sent them
     */
    default boolean delivers(Packets.Delivery delivery, Set<String> sessionSubscriptions) {
        return true;
    }

    /**
     * Whether deliveries to this client must be checked one by one ({@link #receive}), as the account is now; asked
     * when the client connects and again whenever the account changes.
     */
    default boolean checksDeliveriesTo(Packets.Client client, Set<String> sessionSubscriptions) {
        return false;
    }

    /**
     * Whether this check may refuse a PUBLISH of this client alone (MQTT 5: PUBACK with the code, the connection
     * stays), as the account is now, so that the broker asks before its authorizer, which would disconnect.
     */
    default boolean refusesPublishesAloneTo(Packets.Client client) {
        return false;
    }

    /** A refusal of one delivery to a client: the message is not sent to it, and the refusal recorded. */
    default Refusal receive(Packets.Client client, Packets.Delivery delivery) {
        return null;
    }

    /**
     * For the checks the broker enforces itself with its settings ({@link Rule#configure}): the refusal its
     * DISCONNECT with {@code code} stands for, or null when it is not this check's.
     */
    default Refusal recognise(MqttReasonCode code, String brokerReason) {
        return null;
    }
}
