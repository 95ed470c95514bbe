package dev.iotlocal.samples;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.iotlocal.client.CognitoIotConnector;
import dev.iotlocal.client.IotClientConfig;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/**
 * The seed's server program: Cognito → auth Lambda → Cognito → MQTT over WSS, subscribed to
 * {@code thing-update/#}, logging every message. Settings come from {@code application.properties} (the seed's
 * keys) and environment variables; pointed at IoT Local or at AWS by those alone.
 *
 * <pre>java -jar samples/programs/target/iot-local-samples.jar samples/application.properties</pre>
 */
public final class SeedServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SeedServer.class);
    static final String TOPIC_FILTER = "thing-update/#";

    private final CognitoIotConnector connector;
    private final MqttClientConnection connection;

    private SeedServer(CognitoIotConnector connector, MqttClientConnection connection) {
        this.connector = connector;
        this.connection = connection;
    }

    public static void main(String[] args) throws Exception {
        Path properties = Path.of(args.length > 0 ? args[0] : "application.properties");
        IotClientConfig config = IotClientConfig.load(properties, System.getenv());
        SeedServer server = start(config, message -> LOG.info("{}: {}", message.getTopic(), new String(message.getPayload(), UTF_8)));
        LOG.info("Listening on {} at {} as {}; Ctrl+C stops", TOPIC_FILTER, config.endpoint(), config.clientId());
        // the JVM halts once its shutdown hooks return: disconnect and release aws-crt in the hook itself
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                LOG.warn("Could not close cleanly: {}", e.toString());
            }
        }, "seed-server-stop"));
        new CountDownLatch(1).await(); // until Ctrl+C
    }

    /** Logs in, connects, subscribes to {@code thing-update/#} and hands every message to {@code onMessage}. */
    public static SeedServer start(IotClientConfig config, Consumer<MqttMessage> onMessage) throws Exception {
        CognitoIotConnector connector = CognitoIotConnector.create(config);
        Resubscriber resubscriber = new Resubscriber(onMessage);
        MqttClientConnection connection = connector.newMqtt311Connection(resubscriber);
        resubscriber.connection = connection;
        try {
            connector.connect(connection).get(30, TimeUnit.SECONDS);
            connection.subscribe(TOPIC_FILTER, QualityOfService.AT_LEAST_ONCE, onMessage).get(10, TimeUnit.SECONDS);
            return new SeedServer(connector, connection);
        } catch (Exception e) {
            connection.close();
            connector.close();
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            connection.disconnect().get(5, TimeUnit.SECONDS);
        } finally {
            connection.close();
            connector.close();
        }
    }

    /**
     * The SDK reconnects by itself after AWS IoT drops the connection; with a clean session the broker has
     * forgotten the subscription, so it is made again.
     */
    private static final class Resubscriber implements MqttClientConnectionEvents {
        private final Consumer<MqttMessage> onMessage;
        private volatile MqttClientConnection connection;

        Resubscriber(Consumer<MqttMessage> onMessage) {
            this.onMessage = onMessage;
        }

        @Override
        public void onConnectionInterrupted(int errorCode) {
            if (errorCode != 0) { // aws-crt also reports our own disconnect, with error 0
                LOG.warn("Connection interrupted ({}); the SDK reconnects", software.amazon.awssdk.crt.CRT.awsErrorString(errorCode));
            }
        }

        @Override
        public void onConnectionResumed(boolean sessionPresent) {
            if (!sessionPresent && connection != null) {
                connection.subscribe(TOPIC_FILTER, QualityOfService.AT_LEAST_ONCE, onMessage);
            }
        }
    }
}
