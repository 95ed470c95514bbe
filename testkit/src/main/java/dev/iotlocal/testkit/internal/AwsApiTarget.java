package dev.iotlocal.testkit.internal;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.testkit.AwsApiBackend;
import java.net.URI;
import java.util.Objects;

/**
 * Where a test's Cognito Identity and auth Lambda answer, and what the identity pool, user pool and function are
 * called there: the emulator's own stubs, or a backend elsewhere such as LocalStack. Immutable.
 */
public record AwsApiTarget(URI endpoint, String identityPoolId, String userPoolId, String appClientId, String authFunctionName)
        implements AwsApiBackend.Running {

    public AwsApiTarget {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(identityPoolId, "identityPoolId");
        Objects.requireNonNull(userPoolId, "userPoolId");
        Objects.requireNonNull(appClientId, "appClientId");
        Objects.requireNonNull(authFunctionName, "authFunctionName");
    }

    /** At {@code endpoint}, with the pools and function the emulator configuration names. */
    public static AwsApiTarget named(URI endpoint, EmulatorConfig config) {
        return new AwsApiTarget(endpoint, config.identityPoolId(), config.userPoolId(), config.cognito().appClientId(), config.cognito().authFunctionName());
    }

    /** Nothing to stop: the emulator's own stubs and an endpoint given live on their own. */
    @Override
    public void close() {}
}
