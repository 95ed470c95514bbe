package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.emulator.cognito.AuthFunction;
import dev.iotlocal.emulator.cognito.CognitoConfig;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.NotAuthorizedException;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** A pool without unauthenticated access, custom ids and region, and a custom auth function. */
class CognitoPoolSettingsTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .region("eu-west-1")
            .cognito(cognito -> cognito
                    .identityPoolId("eu-west-1:6a3b1e0c-2f4d-4c59-9e1d-7f0a9b8c7d6e")
                    .userPoolId("eu-west-1_Fleet42")
                    .allowUnauthenticatedIdentities(false)
                    .authFunctionName("fleet-login")
                    .authFunction((payload, userPool) -> payload.contains("let-me-in")
                            ? "{\"credentials\":{\"token\":\"" + userPool.idToken(CognitoConfig.DEFAULT_USERNAME) + "\"}}"
                            : failure()))
            .build());

    @Test
    void unauthenticatedAccessCanBeSwitchedOff() {
        IotEmulator emulator = running.get();
        try (CognitoIdentityClient cognito = SeedFlow.cognito(emulator)) {
            assertThatThrownBy(() -> cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())))
                    .isInstanceOfSatisfying(NotAuthorizedException.class, e ->
                            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Unauthenticated access is not supported for this identity pool."));
        }
    }

    @Test
    void customAuthFunctionRunsAndItsTokensLogIn() {
        IotEmulator emulator = running.get();
        try (IotEmulator open = IotEmulator.start(emulator.config().toBuilder().cognito(cognito -> cognito.allowUnauthenticatedIdentities(true)).build())) {
            InvokeResponse response = SeedFlow.login(open, SeedFlow.unauthenticated(open), "{\"secret\":\"let-me-in\"}");
            assertThat(response.functionError()).isNull();
            assertThat(SeedFlow.authenticated(open, SeedFlow.logins(open, SeedFlow.idToken(response))).accessKeyId()).startsWith("ASIA");

            InvokeResponse refused = SeedFlow.login(open, SeedFlow.unauthenticated(open), "{\"secret\":\"nope\"}");
            assertThat(refused.functionError()).isEqualTo("Unhandled");
            assertThat(refused.payload().asUtf8String()).contains("\"errorType\":\"AccessDenied\"", "Go away");
        }
    }

    @Test
    void poolIdsMustBeInTheEmulatorsRegion() {
        assertThatThrownBy(() -> EmulatorConfig.builder().region("eu-west-1").cognito(cognito -> cognito.identityPoolId("us-east-1:00000000-0000-0000-0000-000000000000")).build())
                .hasMessageContaining("not in the emulator's region eu-west-1");
    }

    private static String failure() throws AuthFunction.FunctionError {
        throw new AuthFunction.FunctionError("AccessDenied", "Go away");
    }
}
