package dev.iotlocal.samples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.client.IotClientConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.crt.mqtt.MqttMessage;

/**
 * The standalone emulator as a separate process, as a developer runs it; the two sample programs against it,
 * configured only from its connection file; a device message reaches the server through Cognito and WSS.
 */
@ExtendWith(CrtResources.class)
class StandaloneEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    @Test
    void deviceMessageReachesTheServerProgramThroughTheStandaloneEmulator() throws Exception {
        Path built = Path.of(System.getProperty("iotlocal.standaloneJar", "../../emulator/target/iot-local.jar"));
        assertThat(built).as("the standalone emulator jar; './mvnw verify' builds it in the emulator module's package phase").exists();
        // a copy, so that a rebuild while the test runs cannot pull classes from under the process
        Path jar = Files.copy(built, dataDirectory.resolve("iot-local.jar"));
        Process emulator = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                "--data-dir", dataDirectory.resolve("data").toString(), "--mtls-port", "0", "--wss-port", "0", "--aws-api-port", "0", "--thing", "boiler")
                // to a file: a pipe read while the process exits can lose its last lines ("Stream closed")
                .redirectErrorStream(true).redirectOutput(dataDirectory.resolve("emulator.log").toFile()).start();
        Path log = dataDirectory.resolve("emulator.log");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> output(log).contains("Press Ctrl+C") || !emulator.isAlive());
            assertThat(emulator.isAlive()).as("the emulator runs; it printed:%n%s", output(log)).isTrue();
            JsonNode connection = JSON.readTree(dataDirectory.resolve("data").resolve("connection.json").toFile());

            List<MqttMessage> received = new CopyOnWriteArrayList<>();
            try (SeedServer server = SeedServer.start(serverConfig(connection), received::add)) {
                JsonNode device = connection.get("devices").get(0);
                ThingDevice.publishUpdates(deviceConfig(connection, device), Path.of(device.get("certificate").asText()),
                        Path.of(device.get("privateKey").asText()), 3, Duration.ZERO);

                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 3);
            }
            assertThat(received).extracting(MqttMessage::getTopic).containsOnly("thing-update/boiler");
            assertThat(new String(received.get(2).getPayload(), UTF_8)).contains("\"thing\":\"boiler\"", "\"update\":3");
            assertThat(output(log)).as("the emulator logs every connection").contains("Client 'seed-server' connected");
        } finally {
            emulator.destroy(); // SIGTERM
            if (!emulator.waitFor(30, TimeUnit.SECONDS)) {
                emulator.destroyForcibly().waitFor(); // never outlive the build; the assertion below reports it
            }
        }
        assertThat(emulator.exitValue()).as("a clean stop on SIGTERM within 30 s").isZero();
        assertThat(output(log)).contains("IoT Local stopped.");
    }

    /** What a developer writes into application.properties, taken from the connection file. */
    private static IotClientConfig serverConfig(JsonNode connection) {
        JsonNode user = connection.get("demoUser");
        return IotClientConfig.builder()
                .endpoint(connection.get("host").asText())
                .clientId("seed-server")
                .region(connection.get("region").asText())
                .identityPoolId(connection.get("identityPoolId").asText())
                .userPoolId(connection.get("userPoolId").asText())
                .authFunctionName(connection.get("authFunctionName").asText())
                .authPayload(JSON.createObjectNode().put("username", user.get("username").asText())
                        .put("password", user.get("password").asText()).toString())
                .awsEndpointOverride(URI.create(connection.get("awsEndpoint").asText()))
                .port(connection.get("wssPort").asInt())
                .caCertificate(Path.of(connection.get("caCertificate").asText()))
                .build();
    }

    private static IotClientConfig deviceConfig(JsonNode connection, JsonNode device) {
        return IotClientConfig.builder()
                .endpoint(connection.get("host").asText())
                .clientId(device.get("thingName").asText())
                .region(connection.get("region").asText())
                .mtlsPort(connection.get("mtlsPort").asInt())
                .caCertificate(Path.of(connection.get("caCertificate").asText()))
                .build();
    }

    private static String output(Path log) throws java.io.IOException {
        return Files.exists(log) ? Files.readString(log, UTF_8) : "";
    }

}
