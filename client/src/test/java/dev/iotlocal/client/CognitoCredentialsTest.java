package dev.iotlocal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.client.support.Await;
import dev.iotlocal.client.support.CrtResources;
import dev.iotlocal.client.support.Mqtt311Events;
import dev.iotlocal.client.support.RunningEmulator;
import dev.iotlocal.emulator.IotEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.crt.auth.credentials.Credentials;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
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
    void anyAwsSdkClientCanActAsTheLoggedInUser() throws Exception {
        IotEmulator emulator = running.get();
        Region region = Region.of(emulator.config().region());
        try (CognitoIotConnector connector = CognitoIotConnector.create(running.configFor("acting-user").build());
             LambdaClient lambda = LambdaClient.builder()
                     .endpointOverride(emulator.endpoints().awsApiEndpoint())
                     .region(region)
                     .credentialsProvider(connector.credentials())
                     .build();
             CognitoIdentityClient cognito = CognitoIdentityClient.builder()
                     .endpointOverride(emulator.endpoints().awsApiEndpoint())
                     .region(region)
                     .credentialsProvider(AnonymousCredentialsProvider.create())
                     .build();
             MqttClientConnection connection = connector.newMqtt311Connection(new Mqtt311Events())) {
            InvokeResponse response = lambda.invoke(request -> request.functionName(emulator.config().cognito().authFunctionName())
                    .payload(SdkBytes.fromUtf8String(RunningEmulator.loginPayload("demo", "demo-password"))));
            assertThat(response.functionError()).isNull();
            String signedWith = connector.credentials().resolveCredentials().accessKeyId();
            // whose identity the login is: Cognito maps the user's token to one identity id, whoever asks
            String token = new ObjectMapper().readTree(response.payload().asUtf8String()).at("/credentials/token").asText();
            String usersIdentity = cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())
                    .logins(Map.of("cognito-idp." + region + ".amazonaws.com/" + emulator.config().userPoolId(), token))).identityId();

            // the WSS door records who signed: <account>/<access key>:<identity id>; a guest's would be another identity
            Await.result(connector.connect(connection));
            Await.result(connection.disconnect());

            assertThat(running.awaitEvents("connected", "acting-user", 1).get(0).principalIdentifier())
                    .isEqualTo(emulator.config().accountId() + "/" + signedWith + ":" + usersIdentity);
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
