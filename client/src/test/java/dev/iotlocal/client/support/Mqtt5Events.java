package dev.iotlocal.client.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import org.awaitility.Awaitility;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.PublishReturn;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;

/**
 * Records what an MQTT 5 client reports (lifecycle and received messages), so that tests can wait for it.
 * Register it with {@link #register(AwsIotMqtt5ClientBuilder)}; {@link #stop(Mqtt5Client)} stops a client and
 * waits until it has.
 */
public final class Mqtt5Events implements Mqtt5ClientOptions.LifecycleEvents, Mqtt5ClientOptions.PublishEvents {

    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private final List<OnConnectionSuccessReturn> connections = new CopyOnWriteArrayList<>();
    private final List<Integer> failures = new CopyOnWriteArrayList<>();
    private final List<Integer> disconnections = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final BlockingQueue<PublishPacket> messages = new LinkedBlockingQueue<>();

    /** Registers these events on a builder. */
    public void register(AwsIotMqtt5ClientBuilder builder) {
        builder.withLifeCycleEvents(this).withPublishEvents(this);
    }

    @Override
    public void onAttemptingConnect(Mqtt5Client client, OnAttemptingConnectReturn data) {}

    @Override
    public void onConnectionSuccess(Mqtt5Client client, OnConnectionSuccessReturn data) {
        connections.add(data);
        firstConnection.complete(null);
    }

    @Override
    public void onConnectionFailure(Mqtt5Client client, OnConnectionFailureReturn data) {
        failures.add(data.getErrorCode());
    }

    @Override
    public void onDisconnection(Mqtt5Client client, OnDisconnectionReturn data) {
        disconnections.add(data.getErrorCode());
    }

    @Override
    public void onStopped(Mqtt5Client client, OnStoppedReturn data) {
        stopped.complete(null);
    }

    @Override
    public void onMessageReceived(Mqtt5Client client, PublishReturn result) {
        messages.add(result.getPublishPacket());
    }

    /** Completes on the first successful connection. */
    public CompletableFuture<Void> firstConnection() {
        return firstConnection;
    }

    /** Every successful connection so far (the client reconnects by itself). */
    public List<OnConnectionSuccessReturn> connections() {
        return connections;
    }

    /** The CRT error codes of failed connection attempts. */
    public List<Integer> failures() {
        return failures;
    }

    /** The CRT error codes of disconnections of established connections. */
    public List<Integer> disconnections() {
        return disconnections;
    }

    /** The next message received. */
    public PublishPacket nextMessage() {
        return Await.poll(messages);
    }

    /** Stops a started client and waits until it has stopped. */
    public void stop(Mqtt5Client client) {
        stop(client, Await.TIMEOUT);
    }

    /** Like {@link #stop(Mqtt5Client)}, for a client whose retry may be in a failed TLS handshake ({@link Await#S2N_BLINDING}). */
    public void stop(Mqtt5Client client, Duration timeout) {
        client.stop();
        Await.result(stopped, timeout);
    }

    /** The CRT error code of the first failed connection attempt, waiting up to {@code timeout} for one. */
    public int awaitFirstFailure(Duration timeout) {
        return Awaitility.await().atMost(timeout).until(() -> failures.stream().findFirst().orElse(null), code -> code != null);
    }
}
