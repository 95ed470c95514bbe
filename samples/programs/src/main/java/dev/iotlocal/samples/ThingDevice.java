package dev.iotlocal.samples;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.client.DeviceConnector;
import dev.iotlocal.client.IotClientConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/**
 * A device: connects over mutual TLS with its X.509 certificate and publishes thing updates to
 * {@code thing-update/<thing>}, which the {@link SeedServer} receives. Settings: the client library's keys plus
 * {@code device.certificate}, {@code device.private-key}, {@code device.updates} and {@code device.interval}.
 *
 * <pre>java -cp samples/programs/target/iot-local-samples.jar dev.iotlocal.samples.ThingDevice samples/device.properties</pre>
 */
public final class ThingDevice {

    private static final Logger LOG = LoggerFactory.getLogger(ThingDevice.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ThingDevice() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "device.properties");
        Properties device = read(file);
        IotClientConfig config = IotClientConfig.load(file, System.getenv());
        publishUpdates(config, Path.of(device.getProperty("device.certificate")), Path.of(device.getProperty("device.private-key")),
                Integer.parseInt(device.getProperty("device.updates", "5")),
                Duration.parse(device.getProperty("device.interval", "PT1S")));
    }

    /** Connects, publishes {@code count} updates at QoS 1, {@code interval} apart, and disconnects. */
    public static void publishUpdates(IotClientConfig config, Path certificate, Path privateKey, int count, Duration interval)
            throws Exception {
        DeviceConnector connector = DeviceConnector.fromPemFiles(config, certificate, privateKey);
        try (MqttClientConnection connection = connector.newMqtt311Connection(QUIET)) {
            connector.connect(connection).get(30, TimeUnit.SECONDS);
            String topic = "thing-update/" + config.clientId();
            for (int update = 1; update <= count; update++) {
                String payload = JSON.createObjectNode().put("thing", config.clientId()).put("update", update)
                        .put("temperature", 20 + update % 5).toString();
                connection.publish(new MqttMessage(topic, payload.getBytes(StandardCharsets.UTF_8), QualityOfService.AT_LEAST_ONCE, false))
                        .get(10, TimeUnit.SECONDS);
                LOG.info("Published to {}: {}", topic, payload);
                if (update < count) {
                    Thread.sleep(interval.toMillis()); // a device reports at its own pace
                }
            }
            connection.disconnect().get(5, TimeUnit.SECONDS);
        }
    }

    private static Properties read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static final MqttClientConnectionEvents QUIET = new MqttClientConnectionEvents() {
        @Override
        public void onConnectionInterrupted(int errorCode) {
            if (errorCode != 0) { // aws-crt also reports our own disconnect, with error 0
                LOG.warn("Connection interrupted: {}", software.amazon.awssdk.crt.CRT.awsErrorString(errorCode));
            }
        }

        @Override
        public void onConnectionResumed(boolean sessionPresent) {}
    };
}
