package dev.iotlocal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlocal.client.support.Await;
import dev.iotlocal.client.support.CrtResources;
import dev.iotlocal.client.support.RunningEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.crt.auth.credentials.Credentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/** Steps 1 to 4 as a credentials provider: what it hands out, when it fetches, and to whom. */
@ExtendWith(CrtResources.class)
class CognitoCredentialsTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator();

    @Test
    void seedFlowYieldsSessionCredentialsWithTheirExpiration() {
        try (CognitoCredentials credentials = CognitoCredentials.create(running.configFor("unused").build())) {
            AwsSessionCredentials resolved = credentials.resolveCredentials();

            assertThat(resolved.accessKeyId()).startsWith("ASIA");
            assertThat(resolved.secretAccessKey()).isNotBlank();
            assertThat(resolved.sessionToken()).isNotBlank();
            assertThat(resolved.expirationTime()).hasValueSatisfying(expiration ->
                    assertThat(expiration).isBetween(Instant.now().plus(Duration.ofMinutes(55)), Instant.now().plus(Duration.ofMinutes(61))));
        }
    }

    @Test
    void validCredentialsAreServedFromTheCache() {
        try (CognitoCredentials credentials = CognitoCredentials.create(running.configFor("unused").build())) {
            AwsSessionCredentials first = credentials.resolveCredentials();

            assertThat(credentials.resolveCredentials()).isSameAs(first);
        }
    }

    @Test
    void refreshOnDemandLogsInAgain() {
        try (CognitoCredentials credentials = CognitoCredentials.create(running.configFor("unused").build())) {
            AwsSessionCredentials first = credentials.resolveCredentials();

            AwsSessionCredentials refreshed = credentials.refresh();

            assertThat(refreshed.accessKeyId()).isNotEqualTo(first.accessKeyId());
            assertThat(credentials.resolveCredentials()).isSameAs(refreshed);
        }
    }

    @Test
    void crtProviderHandsOutTheSameCredentials() {
        try (CognitoCredentials credentials = CognitoCredentials.create(running.configFor("unused").build())) {
            AwsSessionCredentials sdk = credentials.resolveCredentials();

            Credentials crt = Await.result(credentials.crtCredentialsProvider().getCredentials());

            assertThat(new String(crt.getAccessKeyId(), StandardCharsets.UTF_8)).isEqualTo(sdk.accessKeyId());
            assertThat(new String(crt.getSecretAccessKey(), StandardCharsets.UTF_8)).isEqualTo(sdk.secretAccessKey());
            assertThat(new String(crt.getSessionToken(), StandardCharsets.UTF_8)).isEqualTo(sdk.sessionToken());
            assertThat(crt.getExpirationTimePointSecs()).isEqualTo(sdk.expirationTime().orElseThrow().getEpochSecond());
            assertThat(credentials.crtCredentialsProvider()).isSameAs(credentials.crtCredentialsProvider());
        }
    }

    @Test
    void anyAwsSdkClientCanActAsTheLoggedInUser() {
        try (CognitoCredentials credentials = CognitoCredentials.create(running.configFor("unused").build());
             LambdaClient lambda = LambdaClient.builder()
                     .endpointOverride(running.get().endpoints().awsApiEndpoint())
                     .region(Region.US_EAST_1)
                     .credentialsProvider(credentials)
                     .build()) {
            InvokeResponse response = lambda.invoke(request -> request.functionName(running.get().config().cognito().authFunctionName())
                    .payload(SdkBytes.fromUtf8String(RunningEmulator.loginPayload("demo", "demo-password"))));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.functionError()).isNull();
        }
    }

    @Test
    void closedCredentialsRefuseToResolve() {
        CognitoCredentials credentials = CognitoCredentials.create(running.configFor("unused").build());
        credentials.resolveCredentials();
        credentials.close();

        assertThatThrownBy(credentials::resolveCredentials).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void missingCognitoSettingIsNamedWithItsVariable() {
        IotClientConfig deviceOnly = IotClientConfig.builder().region("us-east-1").endpoint("localhost").clientId("x").build();

        assertThatThrownBy(() -> CognitoCredentials.create(deviceOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aws-iot.cognito.identity-pool-id (AWS_IOT_COGNITO_IDENTITY_POOL_ID)");
    }
}
