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
public final class DeviceConnector implements IotConnector {

    private final IotClientConfig config;
    private final MqttEndpoint endpoint;

    /** Key material in PEM, as the SDK's in-memory mutual-TLS builders take it. */
    private record Pem(String certificate, String privateKey) implements MqttEndpoint.Authentication {
        @Override
        public AwsIotMqttConnectionBuilder newMqtt311Builder() {
            return AwsIotMqttConnectionBuilder.newMtlsBuilder(certificate, privateKey);
        }

        @Override
        public AwsIotMqtt5ClientBuilder newMqtt5Builder(String host) {
            return AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromMemory(host, certificate, privateKey);
        }

        @Override
        public String toString() {
            return "PEM certificate and key"; // never the key
        }
    }

    /** A key entry of a Java keystore, as the SDK's keystore builders take it. */
    private record Pkcs12(KeyStore keyStore, String alias, String password) implements MqttEndpoint.Authentication {
        @Override
        public AwsIotMqttConnectionBuilder newMqtt311Builder() {
            return AwsIotMqttConnectionBuilder.newJavaKeystoreBuilder(keyStore, alias, password);
        }

        @Override
        public AwsIotMqtt5ClientBuilder newMqtt5Builder(String host) {
            return AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithJavaKeystore(host, keyStore, alias, password);
        }

        @Override
        public String toString() {
            return "PKCS#12 entry " + alias; // never the password
        }
    }

    private DeviceConnector(IotClientConfig config, MqttEndpoint.Authentication deviceKey) {
        this.config = Objects.requireNonNull(config, "config");
        this.endpoint = MqttEndpoint.mutualTls(config, deviceKey);
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

    @Override
    public IotClientConfig config() {
        return config;
    }

    /**
     * A new MQTT 3.1.1 connection over mutual TLS, not yet connected; connect it with {@link #connect}.
     *
     * @param customizer sets anything else on the SDK's builder after endpoint, port, CA, key and client id are set
     */
    @Override
    public MqttClientConnection newMqtt311Connection(Consumer<AwsIotMqttConnectionBuilder> customizer) {
        return endpoint.newMqtt311Connection(customizer);
    }

    /**
     * A new MQTT 5 client over mutual TLS, not yet started. Register lifecycle and publish events in the
     * customizer; turn a lifecycle failure's error code into an exception with {@link #explain(int)}.
     */
    @Override
    public Mqtt5Client newMqtt5Client(Consumer<AwsIotMqtt5ClientBuilder> customizer) {
        return endpoint.newMqtt5Client(customizer);
    }

    /** Connects; the future fails with an {@link IotClientException} that says what to check. */
    @Override
    public CompletableFuture<Boolean> connect(MqttClientConnection connection) {
        return endpoint.connect(CompletableFuture.completedFuture(null), connection);
    }

    /** The exception for the aws-crt error code of a failed connection, e.g. from an MQTT 5 lifecycle event. */
    @Override
    public IotClientException explain(int crtErrorCode) {
        return endpoint.explain(crtErrorCode);
    }

    @Override
    public String toString() {
        return "DeviceConnector[" + endpoint + "]";
    }
}
