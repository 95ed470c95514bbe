package dev.iotlocal.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;

/**
 * What both ways of connecting to AWS IoT have in common, for code that takes either: a server signing with
 * Cognito credentials over WebSocket ({@link CognitoIotConnector}) or a device with its certificate over mutual
 * TLS ({@link DeviceConnector}). Hands out the AWS IoT Device SDK's own {@link MqttClientConnection} (MQTT 3.1.1)
 * and {@link Mqtt5Client} with endpoint, port, client id, CA and the door's authentication already set; they are
 * the caller's to close.
 *
 * <p>Implementations are thread-safe. Sealed so that methods can be added without breaking anyone.
 */
public sealed interface IotConnector permits CognitoIotConnector, DeviceConnector {

    /** The configuration this connector was made with. */
    IotClientConfig config();

    /**
     * A new MQTT 3.1.1 connection, not yet connected; connect it with {@link #connect}.
     *
     * @param events the connection's interruption and resumption callbacks
     */
    default MqttClientConnection newMqtt311Connection(MqttClientConnectionEvents events) {
        Objects.requireNonNull(events, "events");
        return newMqtt311Connection(builder -> builder.withConnectionEventCallbacks(events));
    }

    /**
     * A new MQTT 3.1.1 connection, not yet connected; connect it with {@link #connect}.
     *
     * @param customizer sets anything else on the SDK's builder (events, clean session, will, timeouts) after
     *                   endpoint, port, client id, CA and authentication are set
     */
    MqttClientConnection newMqtt311Connection(Consumer<AwsIotMqttConnectionBuilder> customizer);

    /**
     * A new MQTT 5 client, not yet started. Register lifecycle and publish events in the customizer; turn a
     * lifecycle failure's error code into an exception with {@link #explain(int)}.
     *
     * @param customizer sets anything else on the SDK's builder after endpoint, port, client id, CA and
     *                   authentication are set
     */
    Mqtt5Client newMqtt5Client(Consumer<AwsIotMqtt5ClientBuilder> customizer);

    /**
     * Connects an MQTT 3.1.1 connection made by this connector, after whatever the door needs first (a login
     * for Cognito). The future fails with an {@link IotClientException} that names the failed step and says
     * what to check.
     */
    CompletableFuture<Boolean> connect(MqttClientConnection connection);

    /**
     * The exception for the aws-crt error code of a failed connection, e.g.
     * {@link software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn#getErrorCode()} in
     * {@link Mqtt5ClientOptions.LifecycleEvents#onConnectionFailure}.
     */
    IotClientException explain(int crtErrorCode);
}
