package dev.iotlocal.client;

import dev.iotlocal.client.internal.MqttEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;

/**
 * The X.509 device connection: MQTT over mutual TLS with a device certificate, to AWS IoT or IoT Local. For
 * device programs and device simulators. Uses {@link IotClientConfig#endpoint()},
 * {@link IotClientConfig#mtlsPort()} (8883 unless {@code aws-iot.override.mtls-port} says otherwise),
 * {@link IotClientConfig#caCertificate()} and {@link IotClientConfig#clientId()}; the Cognito settings are
 * not needed.
 *
 * <p>Hands out the AWS IoT Device SDK's own {@link MqttClientConnection} (MQTT 3.1.1) and {@link Mqtt5Client},
 * which are the caller's to close. Holds no native resources itself: the key material is read when the
 * connector is made and handed to the SDK at each build. Immutable and thread-safe.
 */
public final class DeviceConnector {

    private final IotClientConfig config;
    private final MqttEndpoint endpoint;
    private final Credentials credentials;

    /** The device's key material, in one of the two forms the SDK's builders take. */
    private sealed interface Credentials permits Pem, Pkcs12 {}

    private record Pem(String certificate, String privateKey) implements Credentials {
        @Override
        public String toString() {
            return "PEM certificate and key"; // never the key
        }
    }

    private record Pkcs12(KeyStore keyStore, String alias, String password) implements Credentials {
        @Override
        public String toString() {
            return "PKCS#12 entry " + alias; // never the password
        }
    }

    private DeviceConnector(IotClientConfig config, Credentials credentials) {
        this.config = Objects.requireNonNull(config, "config");
        this.endpoint = MqttEndpoint.mutualTls(config);
        this.credentials = credentials;
    }

    /**
     * A device that authenticates with a certificate and private key in PEM files, as the AWS console and
     * IoT Local hand them out ({@code <thing>.cert.pem}, {@code <thing>.private.key}).
     *
     * @throws IllegalArgumentException if a file cannot be read
     */
    public static DeviceConnector fromPemFiles(IotClientConfig config, Path certificate, Path privateKey) {
        return new DeviceConnector(config, new Pem(MqttEndpoint.readPem(certificate, "device certificate"),
                MqttEndpoint.readPem(privateKey, "device private key")));
    }

    /**
     * A device that authenticates with the one private key entry (and its certificate) of a PKCS#12
     * keystore. The keystore is read with Java's own PKCS#12 support, which works on every platform.
     *
     * @throws IllegalArgumentException if the keystore cannot be read with the password, or does not hold
     *                                  exactly one private key entry
     */
    public static DeviceConnector fromPkcs12(IotClientConfig config, Path keystore, String password) {
        Objects.requireNonNull(password, "password");
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, password.toCharArray());
            List<String> keys = new ArrayList<>();
            for (String alias : Collections.list(keyStore.aliases())) {
                if (keyStore.isKeyEntry(alias)) {
                    keys.add(alias);
                }
            }
            if (keys.size() != 1) {
                throw new IllegalArgumentException("The PKCS#12 keystore " + keystore + " must hold exactly one private key, not "
                        + keys.size() + " " + keys);
            }
            return new DeviceConnector(config, new Pkcs12(keyStore, keys.get(0), password));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the PKCS#12 keystore " + keystore + " with the given password: " + e, e);
        }
    }

    public IotClientConfig config() {
        return config;
    }

    /**
     * A new MQTT 3.1.1 connection over mutual TLS, not yet connected; connect it with {@link #connect}.
     *
     * @param events the connection's interruption and resumption callbacks
     */
    public MqttClientConnection newMqtt311Connection(MqttClientConnectionEvents events) {
        Objects.requireNonNull(events, "events");
        return newMqtt311Connection(builder -> builder.withConnectionEventCallbacks(events));
    }

    /**
     * A new MQTT 3.1.1 connection over mutual TLS, not yet connected.
     *
     * @param customizer sets anything else on the SDK's builder after endpoint, port, CA and client id are set
     */
    public MqttClientConnection newMqtt311Connection(Consumer<AwsIotMqttConnectionBuilder> customizer) {
        try (AwsIotMqttConnectionBuilder builder = newMqtt311Builder()) {
            builder.withEndpoint(endpoint.host())
                    .withPort(endpoint.port())
                    .withClientId(config.clientId());
            endpoint.caCertificatePem().ifPresent(builder::withCertificateAuthority);
            customizer.accept(builder);
            return builder.build();
        }
    }

    /**
     * A new MQTT 5 client over mutual TLS, not yet started. Register lifecycle and publish events in the
     * customizer; turn a lifecycle failure's error code into an exception with {@link #explain(int)}.
     */
    public Mqtt5Client newMqtt5Client(Consumer<AwsIotMqtt5ClientBuilder> customizer) {
        try (AwsIotMqtt5ClientBuilder builder = newMqtt5Builder()) {
            builder.withPort((long) endpoint.port()).withClientId(config.clientId());
            endpoint.caCertificatePem().ifPresent(builder::withCertificateAuthority);
            customizer.accept(builder);
            return builder.build();
        }
    }

    /** Connects; the future fails with an {@link IotClientException} that says what to check. */
    public CompletableFuture<Boolean> connect(MqttClientConnection connection) {
        return endpoint.connect(CompletableFuture.completedFuture(null), connection);
    }

    /** The exception for the aws-crt error code of a failed connection, e.g. from an MQTT 5 lifecycle event. */
    public IotClientException explain(int crtErrorCode) {
        return endpoint.explain(crtErrorCode);
    }

    @Override
    public String toString() {
        return "DeviceConnector[" + endpoint.host() + ":" + endpoint.port() + ", client id " + config.clientId() + "]";
    }

    private AwsIotMqttConnectionBuilder newMqtt311Builder() {
        if (credentials instanceof Pkcs12 keystore) {
            return AwsIotMqttConnectionBuilder.newJavaKeystoreBuilder(keystore.keyStore(), keystore.alias(), keystore.password());
        }
        Pem pem = (Pem) credentials;
        return AwsIotMqttConnectionBuilder.newMtlsBuilder(pem.certificate(), pem.privateKey());
    }

    private AwsIotMqtt5ClientBuilder newMqtt5Builder() {
        if (credentials instanceof Pkcs12 keystore) {
            return AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithJavaKeystore(endpoint.host(), keystore.keyStore(), keystore.alias(),
                    keystore.password());
        }
        Pem pem = (Pem) credentials;
        return AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(endpoint.host(), pem.certificate(), pem.privateKey());
    }

}
