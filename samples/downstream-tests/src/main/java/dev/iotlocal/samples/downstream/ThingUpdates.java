package dev.iotlocal.samples.downstream;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.iotlocal.client.CognitoIotConnector;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/**
 * The code under test of this downstream-style suite, as a user's project would have it: a service that keeps
 * the latest update of every thing from {@code thing-update/<thing>}, and survives AWS IoT dropping its
 * connection. It also acknowledges updates, which is where a real bug hides (see the tests).
 */
public final class ThingUpdates implements AutoCloseable {

    private static final String TOPIC_FILTER = "thing-update/+";

    private final MqttClientConnection connection;
    private final Map<String, String> latest = new ConcurrentHashMap<>();
    private final QualityOfService acknowledgementQos;

    private ThingUpdates(CognitoIotConnector connector, QualityOfService acknowledgementQos) throws Exception {
        this.acknowledgementQos = acknowledgementQos;
        this.connection = connector.newMqtt311Connection(new MqttClientConnectionEvents() {
            @Override
            public void onConnectionInterrupted(int errorCode) {}

            @Override
            public void onConnectionResumed(boolean sessionPresent) {
                // a clean session comes back without subscriptions: subscribe again
                if (!sessionPresent) {
                    subscribe();
                }
            }
        });
        try {
            connector.connect(connection).get(30, TimeUnit.SECONDS);
            subscribe().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            connection.close(); // the constructor fails: nobody else will
            throw e;
        }
    }

    /** Connects with the connector's credentials and starts listening. */
    public static ThingUpdates start(CognitoIotConnector connector) throws Exception {
        return new ThingUpdates(connector, QualityOfService.AT_LEAST_ONCE);
    }

    /** The same service with the bug a developer once shipped: acknowledgements "exactly once". */
    public static ThingUpdates startWithExactlyOnceAcknowledgements(CognitoIotConnector connector) throws Exception {
        return new ThingUpdates(connector, QualityOfService.EXACTLY_ONCE);
    }

    /** The latest update of a thing. */
    public Optional<String> latest(String thing) {
        return Optional.ofNullable(latest.get(thing));
    }

    private java.util.concurrent.CompletableFuture<Integer> subscribe() {
        return connection.subscribe(TOPIC_FILTER, QualityOfService.AT_LEAST_ONCE, this::onUpdate);
    }

    private void onUpdate(MqttMessage message) {
        String thing = message.getTopic().substring("thing-update/".length());
        latest.put(thing, new String(message.getPayload(), UTF_8));
        connection.publish(new MqttMessage("thing-ack/" + thing, message.getPayload(), acknowledgementQos, false));
    }

    @Override
    public void close() throws Exception {
        try {
            connection.disconnect().get(5, TimeUnit.SECONDS);
        } finally {
            connection.close();
        }
    }
}
