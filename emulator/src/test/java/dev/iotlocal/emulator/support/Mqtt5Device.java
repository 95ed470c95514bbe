package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.crt.mqtt5.PublishResult;
import software.amazon.awssdk.crt.mqtt5.PublishReturn;
import software.amazon.awssdk.crt.mqtt5.QOS;
import software.amazon.awssdk.crt.mqtt5.packets.ConnAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.PublishPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.SubscribePacket;
import software.amazon.awssdk.crt.mqtt5.packets.UnsubAckPacket;
import software.amazon.awssdk.crt.mqtt5.packets.UnsubscribePacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;

/**
 * An AWS IoT Device SDK v2 MQTT 5 client over mutual TLS, exactly as a device builds it, that records what
 * it observes so tests can wait for it.
 */
public final class Mqtt5Device implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Mqtt5Client client;
    private final CompletableFuture<ConnAckPacket> firstConnection = new CompletableFuture<>();
    private final CompletableFuture<OnDisconnectionReturn> firstDisconnection = new CompletableFuture<>();
    private final List<ConnAckPacket> connections = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final BlockingQueue<PublishPacket> messages = new LinkedBlockingQueue<>();
    private boolean started;

    private Mqtt5Device(AwsIotMqtt5ClientBuilder builder) {
        builder.withLifeCycleEvents(new Mqtt5ClientOptions.LifecycleEvents() {
            @Override
            public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {}

            @Override
            public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
                connections.add(r.getConnAckPacket());
                firstConnection.complete(r.getConnAckPacket());
            }

            @Override
            public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
                firstConnection.completeExceptionally(new ConnectionRefused(r.getErrorCode(), r.getConnAckPacket()));
            }

            @Override
            public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {
                firstDisconnection.complete(r);
            }

            @Override
            public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
                stopped.complete(null);
            }
        });
        builder.withPublishEvents((Mqtt5Client c, PublishReturn r) -> messages.add(r.getPublishPacket()));
        this.client = builder.build();
    }

    /** A device that connects to the emulator's mutual-TLS door with a certificate. */
    public static Mqtt5Device of(IotEmulator emulator, DeviceCertificate certificate, String clientId) {
        return of(emulator, certificate, clientId, builder -> {});
    }

    public static Mqtt5Device of(IotEmulator emulator, DeviceCertificate certificate, String clientId,
                                 Consumer<AwsIotMqtt5ClientBuilder> customizer) {
        try (AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(
                emulator.endpoints().host(), certificate.certificatePem(), certificate.privateKeyPem().orElseThrow())) {
            builder.withCertificateAuthority(emulator.certificates().caCertificatePem())
                    .withPort((long) emulator.endpoints().mtlsPort())
                    .withClientId(clientId)
                    .withMinReconnectDelayMs(2_000L)
                    .withMaxReconnectDelayMs(5_000L);
            customizer.accept(builder);
            return new Mqtt5Device(builder);
        }
    }

    /** A device from any builder (the builder is closed once the client is built). */
    public static Mqtt5Device withBuilder(java.util.function.Supplier<AwsIotMqtt5ClientBuilder> builder) {
        try (AwsIotMqtt5ClientBuilder made = builder.get()) {
            return new Mqtt5Device(made);
        }
    }

    /** Starts the client and waits for the first CONNACK; throws {@link ConnectionRefused} if the connection failed. */
    public ConnAckPacket connect() {
        start();
        return Await.result(firstConnection);
    }

    /** Starts the client without waiting. */
    public void start() {
        started = true;
        client.start();
    }

    /** The outcome of the first connection attempt. */
    public CompletableFuture<ConnAckPacket> firstConnection() {
        return firstConnection;
    }

    /** Completes with the first disconnection the client observed. */
    public CompletableFuture<OnDisconnectionReturn> firstDisconnection() {
        return firstDisconnection;
    }

    /** Every successful connection so far (the client reconnects by itself). */
    public List<ConnAckPacket> connections() {
        return connections;
    }

    public SubAckPacket subscribe(String filter, QOS qos) {
        return Await.result(subscribeAsync(filter, qos));
    }

    public CompletableFuture<SubAckPacket> subscribeAsync(String filter, QOS qos) {
        return client.subscribe(new SubscribePacket.SubscribePacketBuilder().withSubscription(filter, qos).build());
    }

    public CompletableFuture<SubAckPacket> subscribeAsync(SubscribePacket subscribe) {
        return client.subscribe(subscribe);
    }

    public UnsubAckPacket unsubscribe(String filter) {
        return Await.result(client.unsubscribe(new UnsubscribePacket.UnsubscribePacketBuilder().withSubscription(filter).build()));
    }

    public CompletableFuture<PublishResult> publishAsync(String topic, String payload, QOS qos, boolean retain) {
        return publishAsync(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain);
    }

    public CompletableFuture<PublishResult> publishAsync(String topic, byte[] payload, QOS qos, boolean retain) {
        return client.publish(new PublishPacket.PublishPacketBuilder()
                .withTopic(topic).withPayload(payload).withQOS(qos).withRetain(retain).build());
    }

    public PublishResult publish(String topic, String payload, QOS qos) {
        return Await.result(publishAsync(topic, payload, qos, false));
    }

    /** The next message received, waiting up to the timeout. */
    public PublishPacket nextMessage() {
        return Await.poll(messages, TIMEOUT);
    }

    /** The next message, or null if none arrives within {@code wait}. */
    public PublishPacket nextMessageWithin(Duration wait) {
        try {
            return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Mqtt5Client client() {
        return client;
    }

    @Override
    public void close() {
        try {
            if (started) {
                client.stop();
                stopped.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception ignored) {
            // closing below releases the native client either way
        } finally {
            client.close();
        }
    }

    /** The client's first connection attempt failed. */
    public static final class ConnectionRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ConnAckPacket connAck;
        private final int errorCode;

        ConnectionRefused(int errorCode, ConnAckPacket connAck) {
            super("connection failed with CRT error " + errorCode + (connAck == null ? ", no CONNACK" : ", CONNACK " + connAck.getReasonCode()));
            this.errorCode = errorCode;
            this.connAck = connAck;
        }

        /** The CONNACK, or null when the server closed the connection without one. */
        public ConnAckPacket connAck() {
            return connAck;
        }

        public int errorCode() {
            return errorCode;
        }
    }
}
