package dev.iotlocal.emulator.internal.broker;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.interceptor.puback.PubackOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackOutboundOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.exception.NoSuchClientIdException;
import com.hivemq.extension.sdk.api.services.publish.RetainedMessageStore;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import dev.iotlocal.emulator.journal.DisconnectReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the emulator does to the broker from outside MQTT: disconnect a client, hold back CONNACKs and PUBACKs,
 * and reset to an empty broker between tests. Thread-safe.
 */
public final class BrokerControl implements PubackOutboundInterceptor {

    /** How long a dropped PUBACK is held at most; clearing the fault sends it at once. */
    private static final Duration DROPPED = Duration.ofHours(1);

    private final ConnectionRegistry connections;
    private final AtomicInteger withheldConnacks = new AtomicInteger();
    private final Queue<Async<SimpleAuthOutput>> withheld = new ConcurrentLinkedQueue<>();
    private volatile Duration pubackDelay;
    private final Queue<Async<PubackOutboundOutput>> heldPubacks = new ConcurrentLinkedQueue<>();
    private volatile ClientService clientService;
    private volatile RetainedMessageStore retainedMessages;

    BrokerControl(ConnectionRegistry connections) {
        this.connections = connections;
    }

    /** Called when HiveMQ starts the extension, with this broker's own services. */
    void attach(ClientService clientService, RetainedMessageStore retainedMessages) {
        this.clientService = clientService;
        this.retainedMessages = retainedMessages;
    }

    /**
     * Disconnects a connected client now; its lifecycle event carries {@code reason}, and an MQTT 5 client gets the
     * matching DISCONNECT reason code.
     *
     * @return whether a client with that id was connected
     */
    public boolean disconnect(String clientId, DisconnectReason reason) {
        Connection connection = connections.currentOf(clientId);
        if (connection == null) {
            return false;
        }
        connection.decideDisconnectReason(reason);
        return clientService.disconnectClient(clientId, false, ReasonCodes.disconnect(ReasonCodes.forDisconnect(reason)),
                "Disconnected by the emulator: " + reason).join();
    }

    /**
     * Disconnects every connection made with a certificate, as AWS IoT does once the certificate is no longer ACTIVE:
     * their lifecycle events carry {@code AUTH_ERROR}, MQTT 5 clients get DISCONNECT "not authorized". Does not wait
     * for the broker to confirm.
     */
    public void disconnectCertificate(String certificateId) {
        for (Connection connection : connections.ofCertificate(certificateId)) {
            connection.revoke();
            if (connection.connected()) {
                disconnectRevoked(connection);
            }
            // else: the authenticator refuses it, or the connected event (LifecycleListener) drops it
        }
    }

    /** Drops a connection whose certificate is no longer ACTIVE, as AWS IoT does. */
    void disconnectRevoked(Connection connection) {
        connection.decideDisconnectReason(DisconnectReason.AUTH_ERROR);
        gone(clientService.disconnectClient(connection.clientId(), false,
                ReasonCodes.disconnect(ReasonCodes.forDisconnect(DisconnectReason.AUTH_ERROR)),
                "The certificate " + connection.principal().id() + " is no longer active"));
    }

    /** The next {@code attempts} CONNECTs get no CONNACK. */
    public void withholdConnack(int attempts) {
        withheldConnacks.set(attempts);
    }

    /** Whether the CONNECT now arriving is one whose CONNACK is withheld; counts it. */
    boolean takeWithheldConnack() {
        return withheldConnacks.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
    }

    /** Keeps a CONNECT unanswered until the fault is cleared (or HiveMQ's own timeout, long after the client gave up). */
    void withhold(Async<SimpleAuthOutput> async) {
        withheld.add(async);
    }

    public void delayPubacks(Duration delay) {
        pubackDelay = delay;
    }

    public void dropPubacks() {
        pubackDelay = DROPPED;
    }

    @Override
    public void onOutboundPuback(PubackOutboundInput input, PubackOutboundOutput output) {
        Duration delay = pubackDelay;
        if (delay != null) {
            // after the delay HiveMQ sends the PUBACK by itself; clearing the fault resumes it earlier
            heldPubacks.add(output.async(delay));
        }
    }

    /** Undoes the faults: held PUBACKs go out, held CONNECTs are refused, CONNACKs are no longer withheld. */
    public void clearFaults() {
        withheldConnacks.set(0);
        for (Async<SimpleAuthOutput> held = withheld.poll(); held != null; held = withheld.poll()) {
            if (held.getStatus() == Async.Status.RUNNING) {
                held.getOutput().failAuthentication(ConnackReasonCode.UNSPECIFIED_ERROR);
                held.resume();
            }
        }
        pubackDelay = null;
        for (Async<PubackOutboundOutput> held = heldPubacks.poll(); held != null; held = heldPubacks.poll()) {
            if (held.getStatus() == Async.Status.RUNNING) {
                held.resume();
            }
        }
    }

    /**
     * Empties the broker: every client disconnected without its Will, every session and retained message gone.
     * Returns once the broker has confirmed it, waiting at most {@code timeout}.
     */
    public void reset(Duration timeout) {
        clearFaults();
        List<CompletableFuture<?>> disconnected = new ArrayList<>();
        for (String clientId : connections.clientIds()) {
            disconnected.add(gone(clientService.disconnectClient(clientId, true)));
        }
        await(disconnected, timeout);
        connections.awaitEmpty(timeout);
        // sessions of clients gone before, and persistent sessions of those just disconnected
        List<CompletableFuture<?>> cleared = new CopyOnWriteArrayList<>();
        await(List.of(clientService.iterateAllClients((context, session) ->
                cleared.add(gone(clientService.invalidateSession(session.getClientIdentifier())))), retainedMessages.clear()), timeout);
        await(cleared, timeout);
        connections.clearSessions();
    }

    /** A client that went away on its own in the meantime is as good as disconnected. */
    private static CompletableFuture<?> gone(CompletableFuture<Boolean> operation) {
        return operation.exceptionally(failure -> {
            if (failure instanceof CompletionException && failure.getCause() instanceof NoSuchClientIdException
                    || failure instanceof NoSuchClientIdException) {
                return false;
            }
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        });
    }

    private static void await(List<? extends CompletableFuture<?>> futures, Duration timeout) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The broker did not reset within " + timeout + ": " + e, e);
        }
    }
}
