package dev.iotlocal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.client.IotClientException.Step;
import dev.iotlocal.client.support.CrtResources;
import dev.iotlocal.client.support.FreePort;
import dev.iotlocal.client.support.RunningEmulator;
import dev.iotlocal.emulator.EmulatorConfig;
import java.net.URI;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way steps 1 to 4 fail, as the typed exception that names the step and what to check. */
@ExtendWith(CrtResources.class)
class CognitoCredentialsErrorsTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    /** A pool without guest access, whose AWS API also answers over HTTPS with a certificate from the emulator's CA. */
    @RegisterExtension
    static final RunningEmulator locked = new RunningEmulator(EmulatorConfig.builder()
            .cognito(cognito -> cognito.allowUnauthenticatedIdentities(false))
            .listeners(listeners -> listeners.awsApiHttpsPort(0))
            .build());

    @Test
    void unknownIdentityPoolIsNamedWithTheSettingToCheck() {
        String pool = "us-east-1:00000000-0000-0000-0000-00000000dead";
        assertLoginFails(running.configFor("unused").identityPoolId(pool).build(), IdentityPoolNotFoundException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.UNAUTHENTICATED_CREDENTIALS);
            assertThat(e).hasMessageContaining(pool).hasMessageContaining("aws-iot.cognito.identity-pool-id")
                    .hasMessageContaining(running.get().endpoints().awsApiEndpoint().toString());
        });
    }

    @Test
    void poolWithoutGuestAccessCannotCallTheAuthFunction() {
        assertLoginFails(locked.configFor("unused").build(), UnauthenticatedAccessDisabledException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.UNAUTHENTICATED_CREDENTIALS);
            assertThat(e).hasMessageContaining(locked.get().config().identityPoolId())
                    .hasMessageContaining("Unauthenticated access is not supported for this identity pool.");
        });
    }

    @Test
    void wrongPasswordCarriesTheFunctionsErrorTypeAndMessage() {
        assertLoginFails(running.configFor("unused", "demo", "guess").build(), AuthFunctionFailedException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.AUTH_FUNCTION);
            assertThat(e.errorType()).isEqualTo("NotAuthorizedException");
            assertThat(e.errorMessage()).isEqualTo("Incorrect username or password.");
            assertThat(e).hasMessageContaining("iot-local-auth").hasMessageContaining("aws-iot.auth.payload")
                    .hasMessageNotContaining("guess");
        });
    }

    @Test
    void unknownAuthFunctionIsNamedWithTheSettingToCheck() {
        assertLoginFails(running.configFor("unused").authFunctionName("no-such-function").build(), AuthFunctionNotFoundException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.AUTH_FUNCTION);
            assertThat(e).hasMessageContaining("no-such-function").hasMessageContaining("aws-iot.auth.function-name")
                    .hasMessageContaining("Function not found");
        });
    }

    @Test
    void tokenForAnotherUserPoolIsRejectedByCognito() {
        assertLoginFails(running.configFor("unused").userPoolId("us-east-1_SomeOther1").build(), LoginRejectedException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.AUTHENTICATED_CREDENTIALS);
            assertThat(e).hasMessageContaining("cognito-idp.us-east-1.amazonaws.com/us-east-1_SomeOther1")
                    .hasMessageContaining("aws-iot.cognito.user-pool-id");
        });
    }

    @Test
    void responseWithoutATokenAtThePointerSaysWhereToLook() {
        assertLoginFails(running.configFor("unused").tokenPointer("/token").build(), IotClientException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.AUTH_FUNCTION);
            assertThat(e).hasMessageContaining("/token").hasMessageContaining("credentials")
                    .hasMessageContaining("aws-iot.auth.token-pointer");
        });
    }

    @Test
    void nothingListeningAtTheAwsEndpointIsUnreachable() {
        URI nowhere = URI.create("http://127.0.0.1:" + FreePort.closed());
        assertLoginFails(running.configFor("unused").awsEndpointOverride(nowhere).build(), EndpointUnreachableException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.UNAUTHENTICATED_CREDENTIALS);
            assertThat(e).hasMessageContaining(nowhere.toString()).hasMessageContaining("aws-iot.override.aws-endpoint");
        });
    }

    @Test
    void awsEndpointWithACertificateTheJvmDoesNotTrustIsATlsFailure() {
        URI https = locked.get().endpoints().awsApiHttpsEndpoint().orElseThrow();
        assertLoginFails(locked.configFor("unused").awsEndpointOverride(https).build(), TlsTrustException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.UNAUTHENTICATED_CREDENTIALS);
            assertThat(e).hasMessageContaining(https.toString()).hasMessageContaining("javax.net.ssl.trustStore");
        });
    }

    private static <T extends IotClientException> void assertLoginFails(IotClientConfig config, Class<T> type, Consumer<T> check) {
        try (CognitoCredentials credentials = CognitoCredentials.create(config)) {
            assertThatThrownBy(credentials::resolveCredentials).isInstanceOfSatisfying(type, check);
        }
    }
}
