package dev.iotlocal.testkit;

import dev.iotlocal.emulator.EmulatorConfig;
import java.net.URI;
import java.util.Optional;

/**
 * Cognito Identity, the user pool and the auth Lambda from somewhere other than the emulator's own stubs, while the
 * broker stays the emulator: hand one to {@link IotLocalExtension.Builder#awsApi(AwsApiBackend)}. IoT Local ships
 * {@code dev.iotlocal.testkit.localstack.LocalStackAwsApi} (module {@code iot-local-testkit-localstack}); implement
 * this interface for any other backend, such as a container of your own.
 *
 * <p>The extension asks {@link #unavailableReason()} before each test class and skips the class, with that reason,
 * when there is one. It calls {@link #start} once per test run and emulator configuration, before the first test
 * class that needs it, and closes what that returns when the run ends. Implementations must be thread-safe; test
 * classes that hand over equal backends (typically one shared constant) share what it started.
 */
public interface AwsApiBackend {

    /**
     * Why this backend cannot run here (no Docker engine, a missing token), or empty when it can. The default:
     * it always can.
     */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /**
     * Starts the backend, or reaches one that runs already, and makes sure it holds what {@code config} describes:
     * a user pool with {@code config.cognito().users()} and an app client, an identity pool with that user pool as
     * its login provider, and the auth function named {@code config.cognito().authFunctionName()}. Blocks until they
     * answer.
     *
     * @return where they answer and what they are called there; the extension closes it when the run ends
     */
    Running start(EmulatorConfig config);

    /** A started backend: its endpoint and the names of what was created in it. Thread-safe. */
    interface Running extends AutoCloseable {

        /** Where Cognito Identity, the user pool and Lambda answer, for the AWS SDK's {@code endpointOverride}. */
        URI endpoint();

        String identityPoolId();

        String userPoolId();

        /** The user pool's app client. */
        String appClientId();

        String authFunctionName();

        /** Stops the backend or lets go of it; called once, when the test run ends. */
        @Override
        void close();
    }
}
