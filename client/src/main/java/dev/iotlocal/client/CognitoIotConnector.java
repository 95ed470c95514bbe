package dev.iotlocal.client;

import dev.iotlocal.client.internal.MqttEndpoint;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;

/**
 * The seed flow as a library, for servers and apps: Cognito credentials from the auth Lambda's login, and
 * MQTT connections to AWS IoT over WebSocket signed with them. Hands out the AWS IoT Device SDK's own
 * {@link MqttClientConnection} (MQTT 3.1.1) and {@link Mqtt5Client}; every handshake, including each
 * automatic reconnect, is signed with current credentials, so a connection outlives any one set of them.
 *
 * <pre>{@code
 * try (CognitoIotConnector connector = CognitoIotConnector.create(IotClientConfig.load(file));
 *      MqttClientConnection connection = connector.newMqtt311Connection(events)) {
 *     connector.connect(connection).get();
 *     connection.subscribe("thing-update/#", QualityOfService.AT_LEAST_ONCE, message -> ...).get();
 * }
 * }</pre>
 *
 * <p>Thread-safe. Connections and clients are the caller's to close, as with the SDK, and must be closed
 * before the connector: closing it stops the credentials they sign with.
 */
public final class CognitoIotConnector implements IotConnector, AutoCloseable {

    private final IotClientConfig config;
    private final CognitoCredentials credentials;
    private final MqttEndpoint endpoint;

    private CognitoIotConnector(IotClientConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.credentials = CognitoCredentials.create(config);
        try {
            this.endpoint = MqttEndpoint.webSocket(config, credentials::crtCredentialsProvider, credentials::lastFailure);
        } catch (RuntimeException e) {
            credentials.close();
            throw e;
        }
    }

    /**
     * A connector for a configuration. Nothing is fetched or dialled until a connection connects.
     *
     * @throws IllegalArgumentException naming the setting when a Cognito setting is missing or the CA file
     *                                  cannot be read
     */
    public static CognitoIotConnector create(IotClientConfig config) {
        return new CognitoIotConnector(config);
    }

    @Override
    public IotClientConfig config() {
        return config;
    }

    /** The Cognito credentials the connections sign with; also usable with any AWS SDK client. */
    public CognitoCredentials credentials() {
        return credentials;
    }

    /**
     * A new MQTT 3.1.1 connection over WebSocket, not yet connected; connect it with {@link #connect}.
     *
     * @param customizer sets anything else on the SDK's builder (events, clean session, will, timeouts) after
     *                   endpoint, port, region, credentials, CA and client id are set
     * @throws IllegalStateException if this connector is closed
     */
    @Override
    public MqttClientConnection newMqtt311Connection(Consumer<AwsIotMqttConnectionBuilder> customizer) {
        return endpoint.newMqtt311Connection(customizer);
    }

    /**
     * A new MQTT 5 client over WebSocket, not yet started. Register lifecycle and publish events in the
     * customizer; turn a lifecycle failure's error code into an exception with {@link #explain(int)}.
     *
     * @param customizer sets anything else on the SDK's builder after endpoint, port, region, credentials,
     *                   CA and client id are set
     * @throws IllegalStateException if this connector is closed
     */
    @Override
    public Mqtt5Client newMqtt5Client(Consumer<AwsIotMqtt5ClientBuilder> customizer) {
        return endpoint.newMqtt5Client(customizer);
    }

    /**
     * Logs in if there are no valid credentials yet, then connects. The future fails with an
     * {@link IotClientException} that names the failed step (for example {@link AuthFunctionFailedException}
     * for a wrong password, {@link UpgradeForbiddenException} for a refused handshake).
     */
    @Override
    public CompletableFuture<Boolean> connect(MqttClientConnection connection) {
        return endpoint.connect(credentials.resolveAsync(), connection);
    }

    /**
     * The exception for the aws-crt error code of a failed connection, e.g.
     * {@link software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn#getErrorCode()} in
     * {@link Mqtt5ClientOptions.LifecycleEvents#onConnectionFailure}. When the handshake failed because the
     * login failed, that is the login's exception.
     */
    @Override
    public IotClientException explain(int crtErrorCode) {
        return endpoint.explain(crtErrorCode);
    }

    /** Closes the credentials; idempotent. */
    @Override
    public void close() {
        credentials.close();
    }

    @Override
    public String toString() {
        return "CognitoIotConnector[" + endpoint + "]";
    }
}
