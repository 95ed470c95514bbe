package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;

/**
 * An AWS IoT Device SDK v2 MQTT 3.1.1 connection over mutual TLS, exactly as a device builds it, that
 * records interruptions and messages so tests can wait for them.
 */
public final class Mqtt311Device implements AutoCloseable {

    private final MqttClientConnection connection;
    private final CompletableFuture<Integer> firstInterruption = new CompletableFuture<>();
    private final BlockingQueue<MqttMessage> messages = new LinkedBlockingQueue<>();

    private Mqtt311Device(AwsIotMqttConnectionBuilder builder) {
        builder.withConnectionEventCallbacks(new MqttClientConnectionEvents() {
            @Override
            public void onConnectionInterrupted(int errorCode) {
                firstInterruption.complete(errorCode);
            }

            @Override
            public void onConnectionResumed(boolean sessionPresent) {}
        });
        this.connection = builder.build();
        this.connection.onMessage(messages::add);
    }

    public static Mqtt311Device of(IotEmulator emulator, DeviceCertificate certificate, String clientId) {
        return of(emulator, certificate, clientId, builder -> {});
    }

    public static Mqtt311Device of(IotEmulator emulator, DeviceCertificate certificate, String clientId,
                                   Consumer<AwsIotMqttConnectionBuilder> customizer) {
        try (AwsIotMqttConnectionBuilder builder = AwsIotMqttConnectionBuilder.newMtlsBuilder(
                certificate.certificatePem(), certificate.privateKeyPem().orElseThrow())) {
            builder.withCertificateAuthority(emulator.certificates().caCertificatePem())
                    .withEndpoint(emulator.endpoints().host())
                    .withPort(emulator.endpoints().mtlsPort())
                    .withClientId(clientId)
                    .withCleanSession(true)
                    .withReconnectTimeoutSecs(2, 5)
                    .withProtocolOperationTimeoutMs(10_000);
            customizer.accept(builder);
            return new Mqtt311Device(builder);
        }
    }

    /** A device from any builder (the builder is closed once the connection is built). */
    public static Mqtt311Device withBuilder(java.util.function.Supplier<AwsIotMqttConnectionBuilder> builder) {
        try (AwsIotMqttConnectionBuilder made = builder.get()) {
            return new Mqtt311Device(made);
        }
    }

    /** Connects and waits; the future fails if the server refused or closed the connection. */
    public boolean connect() {
        return Await.result(connectAsync());
    }

    public CompletableFuture<Boolean> connectAsync() {
        return connection.connect();
    }

    /** Completes with the CRT error code of the first interruption of an established connection. */
    public CompletableFuture<Integer> firstInterruption() {
        return firstInterruption;
    }

    public Integer subscribe(String filter, QualityOfService qos) {
        return Await.result(connection.subscribe(filter, qos));
    }

    public CompletableFuture<Integer> subscribeAsync(String filter, QualityOfService qos) {
        return connection.subscribe(filter, qos);
    }

    public CompletableFuture<Integer> publishAsync(String topic, String payload, QualityOfService qos, boolean retain) {
        return connection.publish(new MqttMessage(topic, payload.getBytes(StandardCharsets.UTF_8), qos, retain));
    }

    public CompletableFuture<Integer> publishAsync(String topic, byte[] payload, QualityOfService qos, boolean retain) {
        return connection.publish(new MqttMessage(topic, payload, qos, retain));
    }

    public Integer publish(String topic, String payload, QualityOfService qos) {
        return Await.result(publishAsync(topic, payload, qos, false));
    }

    public MqttMessage nextMessage() {
        return Await.poll(messages, Await.TIMEOUT);
    }

    public MqttMessage nextMessageWithin(Duration wait) {
        try {
            return messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public MqttClientConnection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connection.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // not connected, or already closed by the server
        } finally {
            connection.close();
        }
    }
}
