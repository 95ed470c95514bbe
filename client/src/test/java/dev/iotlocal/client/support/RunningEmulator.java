package dev.iotlocal.client.support;

import dev.iotlocal.client.IotClientConfig;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.cognito.CognitoConfig;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One in-JVM emulator per test class, and client configurations that point at it the way a user would:
 * AWS API endpoint override, WSS and mutual-TLS ports, the emulator's CA in a PEM file.
 */
public final class RunningEmulator implements BeforeAllCallback, AfterAllCallback {

    private final EmulatorConfig config;
    private IotEmulator emulator;
    private Path caFile;

    public RunningEmulator(EmulatorConfig config) {
        this.config = config;
    }

    public RunningEmulator() {
        this(EmulatorConfig.defaults());
    }

    public IotEmulator get() {
        return emulator;
    }

    /** The emulator's CA certificate, written where {@code aws-iot.override.ca-certificate} can point. */
    public Path caFile() {
        return caFile;
    }

    /** A configuration for the emulator's built-in user. */
    public IotClientConfig.Builder configFor(String clientId) {
        return configFor(clientId, CognitoConfig.DEFAULT_USERNAME, CognitoConfig.DEFAULT_PASSWORD);
    }

    /** A configuration that logs in as a user of the emulator's user pool. */
    public IotClientConfig.Builder configFor(String clientId, String username, String password) {
        return IotClientConfig.builder()
                .region(emulator.config().region())
                .endpoint(emulator.endpoints().host())
                .clientId(clientId)
                .identityPoolId(emulator.config().identityPoolId())
                .userPoolId(emulator.config().userPoolId())
                .authFunctionName(emulator.config().cognito().authFunctionName())
                .authPayload(loginPayload(username, password))
                .awsEndpointOverride(emulator.endpoints().awsApiEndpoint())
                .port(emulator.endpoints().wssPort())
                .mtlsPort(emulator.endpoints().mtlsPort())
                .caCertificate(caFile);
    }

    /** What the seed's auth Lambda expects. */
    public static String loginPayload(String username, String password) {
        return "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}";
    }

    /** The lifecycle events of a type for a client id, waiting until there are at least {@code count}. */
    public List<LifecycleEvent> awaitEvents(String eventType, String clientId, int count) {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).until(
                () -> emulator.journal().lifecycleEvents().stream()
                        .filter(event -> event.eventType().equals(eventType) && event.clientId().equals(clientId))
                        .collect(Collectors.toList()),
                events -> events.size() >= count);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = IotEmulator.start(config);
        try {
            caFile = Files.createTempFile("iot-local-ca", ".pem");
            Files.writeString(caFile, emulator.certificates().caCertificatePem(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (emulator != null) {
            emulator.close();
        }
        if (caFile != null) {
            Files.deleteIfExists(caFile);
        }
    }
}
