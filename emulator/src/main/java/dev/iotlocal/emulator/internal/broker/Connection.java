package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.client.ClientContext;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.policy.ConnectionAuthorization;
import dev.iotlocal.emulator.internal.gateway.Admission;
import dev.iotlocal.emulator.internal.gateway.ConnectionContext;
import dev.iotlocal.emulator.internal.rules.Packets;
import dev.iotlocal.emulator.internal.rules.Refusal;
import dev.iotlocal.emulator.journal.DisconnectReason;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One MQTT connection as the broker extension sees it, from its CONNECT on: what its door decided (once, when the
 * CONNECT interceptor admitted it), and what the broker's hooks decide about it later. The one object every hook
 * reads; HiveMQ's connection attribute store holds only its key. Thread-safe: HiveMQ calls hooks for one connection
 * from several threads.
 */
final class Connection {

    private final String key;
    private final Admission admission;
    private final String clientId;
    private final boolean mqtt5;
    private final boolean cleanStart;
    private final Refusal connectRefusal;
    private final boolean connackWithheld;
    /** The client as the checks see it, made once: every PUBLISH and SUBSCRIBE asks for it. Null when refused. */
    private final Packets.Client client;
    private final Queue<PendingSubscribe> subscribesAwaitingAck = new ConcurrentLinkedQueue<>();
    private final Queue<List<String>> unsubscribesAwaitingAck = new ConcurrentLinkedQueue<>();
    /** Filters handed to the broker in place of a client's, not yet authorized, with how many times. */
    private final Map<String, Integer> unauthorizedRewrites = new ConcurrentHashMap<>();
    private volatile long versionNumber = -1;
    private volatile Set<String> subscriptions = Set.of();
    private volatile boolean connected;
    private volatile boolean revoked;
    private volatile DisconnectReason decidedDisconnectReason;
    private volatile Refusal refusalOfCurrentSubscribe;
    /** HiveMQ's per-client context, to add the delivery check to later; set when the client is initialized. */
    private volatile ClientContext clientContext;
    private final AtomicBoolean deliveriesChecked = new AtomicBoolean();
    private final AtomicBoolean publishesChecked = new AtomicBoolean();

    /**
     * @param clientId        the client id as the client sent it (HiveMQ knows a connection whose CONNACK a fault
     *                        withholds by an alias, see {@link ConnectInterceptor})
     * @param connectRefusal  what the CONNECT-time checks decided, or null
     * @param connackWithheld whether a fault holds back this CONNECT's CONNACK
     */
    Connection(String key, Admission admission, String clientId, boolean mqtt5, boolean cleanStart, Refusal connectRefusal,
               boolean connackWithheld, ConnectionAuthorization authorization) {
        this.key = key;
        this.admission = admission;
        this.clientId = clientId;
        this.mqtt5 = mqtt5;
        this.cleanStart = cleanStart;
        this.connectRefusal = connectRefusal;
        this.connackWithheld = connackWithheld;
        this.client = admission instanceof Admission.Admitted admitted
                ? new Packets.Client(clientId, admitted.context().principal(), mqtt5, authorization)
                : null;
    }

    String key() {
        return key;
    }

    /** What the door established, or empty when it refused the connection. */
    Optional<ConnectionContext> context() {
        return admission instanceof Admission.Admitted admitted ? Optional.of(admitted.context()) : Optional.empty();
    }

    Admission admission() {
        return admission;
    }

    /** The admitted connection's context; only for connections the authenticator accepted. */
    ConnectionContext admitted() {
        return ((Admission.Admitted) admission).context();
    }

    Principal principal() {
        return admitted().principal();
    }

    String clientId() {
        return clientId;
    }

    boolean mqtt5() {
        return mqtt5;
    }

    boolean cleanStart() {
        return cleanStart;
    }

    /** The client as the checks see it; only for connections their door admitted. */
    Packets.Client client() {
        return client;
    }

    Refusal connectRefusal() {
        return connectRefusal;
    }

    boolean connackWithheld() {
        return connackWithheld;
    }

    /** Called when the CONNECT is accepted: the lifecycle version number and the session's subscriptions. */
    void accept(long versionNumber, Set<String> sessionSubscriptions) {
        this.versionNumber = versionNumber;
        this.subscriptions = sessionSubscriptions;
    }

    /** The lifecycle events' {@code versionNumber}: one per connection of a client id, increasing. */
    long versionNumber() {
        return versionNumber;
    }

    /** The topic filters of the client's session as it sent them (shared with later connections of a persistent session). */
    Set<String> subscriptions() {
        return subscriptions;
    }

    Queue<PendingSubscribe> subscribesAwaitingAck() {
        return subscribesAwaitingAck;
    }

    Queue<List<String>> unsubscribesAwaitingAck() {
        return unsubscribesAwaitingAck;
    }

    /** Whether the CONNECT was accepted and the {@code connected} event published. */
    boolean connected() {
        return connected;
    }

    void markConnected() {
        connected = true;
    }

    /**
     * Whether the principal lost its right to connect after its door admitted it (its certificate left ACTIVE): a
     * CONNECT not yet accepted is refused, an accepted one is dropped. Set before {@link #connected()} is read, and
     * {@link #markConnected()} before this is read, so whichever comes second drops the connection.
     */
    boolean revoked() {
        return revoked;
    }

    void revoke() {
        revoked = true;
    }

    /** The lifecycle disconnect reason a rule or fault decided before disconnecting the client, if one did. */
    DisconnectReason decidedDisconnectReason() {
        return decidedDisconnectReason;
    }

    void decideDisconnectReason(DisconnectReason reason) {
        decidedDisconnectReason = reason;
    }

    /** A refusal of the whole SUBSCRIBE packet in progress, decided by the subscribe interceptor. */
    Refusal refusalOfCurrentSubscribe() {
        return refusalOfCurrentSubscribe;
    }

    void refuseCurrentSubscribe(Refusal refusal) {
        refusalOfCurrentSubscribe = refusal;
    }

    /** Keeps HiveMQ's context of this client, where its interceptors are added. */
    void initialized(ClientContext context) {
        this.clientContext = context;
    }

    /**
     * Adds the delivery check to this client's interceptors, once: HiveMQ reads them per outbound PUBLISH, so it
     * applies from the next delivery on. False when it was already there or the client is not initialized yet.
     */
    boolean checkDeliveries(PublishOutboundInterceptor check) {
        ClientContext context = clientContext;
        if (context == null || !deliveriesChecked.compareAndSet(false, true)) {
            return false;
        }
        context.addPublishOutboundInterceptor(check);
        return true;
    }

    /**
     * Adds the PUBLISH check to this client's inbound interceptors, once: HiveMQ reads them per inbound PUBLISH, so it
     * applies from the next PUBLISH on. False when it was already there or the client is not initialized yet.
     */
    boolean checkPublishes(PublishInboundInterceptor check) {
        ClientContext context = clientContext;
        if (context == null || !publishesChecked.compareAndSet(false, true)) {
            return false;
        }
        context.addPublishInboundInterceptor(check);
        return true;
    }

    /** Remembers that the broker was handed {@code rewritten} in place of one of the client's filters. */
    void rewroteFilter(String rewritten) {
        unauthorizedRewrites.merge(rewritten, 1, Integer::sum);
    }

    /**
     * Whether the broker was handed {@code filter} in place of one of the client's filters and has not asked to
     * authorize it yet; if so, it now has. (Counted, not flagged: pipelined SUBSCRIBEs may carry the same filter.)
     */
    boolean takeRewrite(String filter) {
        boolean[] rewritten = {false};
        unauthorizedRewrites.computeIfPresent(filter, (key, count) -> {
            rewritten[0] = true;
            return count == 1 ? null : count - 1;
        });
        return rewritten[0];
    }

    /**
     * A SUBSCRIBE waiting for its SUBACK: its filters, and those it added to the session (added before the
     * SUBACK so that no delivery races ahead of the bookkeeping; taken back if the SUBACK refuses them).
     */
    record PendingSubscribe(List<String> filters, Set<String> added) {}
}
