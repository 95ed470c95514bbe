package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.iotlocal.emulator.cognito.CognitoConfig;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;
import software.amazon.awssdk.services.cognitoidentity.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentity.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/** Steps 1 to 4 of the seed flow with the AWS SDK for Java v2, and every refusal as the SDK's typed exception. */
class CognitoAndLambdaTest {

    private static final String DEMO_LOGIN = "{\"username\":\"demo\",\"password\":\"demo-password\"}";

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .cognito(cognito -> cognito.addUser("alice", "alice-password"))
            .build());

    @Test
    void seedFlowGivesAuthenticatedCredentials() throws Exception {
        IotEmulator emulator = running.get();

        Credentials unauthenticated = SeedFlow.unauthenticated(emulator);
        assertThat(unauthenticated.accessKeyId()).startsWith("ASIA").hasSize(20);
        assertThat(unauthenticated.expiration()).isAfter(Instant.now().plusSeconds(3500));

        InvokeResponse login = SeedFlow.login(emulator, unauthenticated, DEMO_LOGIN);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.functionError()).isNull();
        String idToken = SeedFlow.idToken(login);

        SignedJWT jwt = SignedJWT.parse(idToken);
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("https://cognito-idp.us-east-1.amazonaws.com/us-east-1_IotLocal1");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(CognitoConfig.DEFAULT_APP_CLIENT_ID);
        assertThat(jwt.getJWTClaimsSet().getStringClaim("token_use")).isEqualTo("id");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("cognito:username")).isEqualTo("demo");
        assertThat(jwt.getJWTClaimsSet().getClaim("auth_time")).isNotNull();

        Credentials authenticated = SeedFlow.authenticated(emulator, SeedFlow.logins(emulator, idToken));
        assertThat(authenticated.accessKeyId()).startsWith("ASIA").isNotEqualTo(unauthenticated.accessKeyId());
        assertThat(authenticated.sessionToken()).isNotBlank();
    }

    @Test
    void theSameLoginAlwaysMapsToTheSameIdentity() {
        IotEmulator emulator = running.get();
        try (CognitoIdentityClient cognito = SeedFlow.cognito(emulator)) {
            String first = identityOf(emulator, cognito, "alice", "alice-password");
            String second = identityOf(emulator, cognito, "alice", "alice-password");
            String demo = identityOf(emulator, cognito, "demo", "demo-password");
            assertThat(second).isEqualTo(first);
            assertThat(demo).isNotEqualTo(first);
            assertThat(first).startsWith("us-east-1:");
        }
    }

    @Test
    void bothLoginPayloadShapesAreAccepted() {
        IotEmulator emulator = running.get();
        Credentials unauthenticated = SeedFlow.unauthenticated(emulator);
        InvokeResponse response = SeedFlow.login(emulator, unauthenticated,
                "{\"action\":\"LOGIN\",\"attributes\":{\"userName\":\"alice\",\"password\":\"alice-password\"}}");
        assertThat(response.functionError()).isNull();
        assertThat(SeedFlow.idToken(response)).contains(".");
    }

    @Test
    void unknownIdentityPoolIsResourceNotFound() {
        try (CognitoIdentityClient cognito = SeedFlow.cognito(running.get())) {
            assertThatThrownBy(() -> cognito.getId(request -> request.identityPoolId("us-east-1:00000000-0000-0000-0000-00000000dead")))
                    .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("IdentityPool 'us-east-1:00000000-0000-0000-0000-00000000dead' not found.");
                        assertThat(e.statusCode()).isEqualTo(400);
                    });
        }
    }

    @Test
    void tokenFromAnotherUserPoolIsNotAuthorized() {
        IotEmulator emulator = running.get();
        try (IotEmulator other = IotEmulator.start();
             CognitoIdentityClient cognito = SeedFlow.cognito(emulator)) {
            String foreignToken = SeedFlow.idToken(SeedFlow.login(other, SeedFlow.unauthenticated(other), DEMO_LOGIN));
            assertThatThrownBy(() -> cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())
                    .logins(SeedFlow.logins(emulator, foreignToken))))
                    .isInstanceOfSatisfying(NotAuthorizedException.class, e ->
                            assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Invalid login token. Couldn't verify signed token."));
        }
    }

    @Test
    void garbageTokenAndUnknownProviderAreNotAuthorized() {
        IotEmulator emulator = running.get();
        try (CognitoIdentityClient cognito = SeedFlow.cognito(emulator)) {
            assertThatThrownBy(() -> cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())
                    .logins(SeedFlow.logins(emulator, "not-a-jwt"))))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Not a valid OpenId Connect identity token");
            assertThatThrownBy(() -> cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())
                    .logins(Map.of("accounts.google.com", "x"))))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("not from a supported provider");
        }
    }

    @Test
    void authenticatedIdentityNeedsItsLoginForCredentials() {
        IotEmulator emulator = running.get();
        try (CognitoIdentityClient cognito = SeedFlow.cognito(emulator)) {
            String identityId = identityOf(emulator, cognito, "demo", "demo-password");
            assertThatThrownBy(() -> cognito.getCredentialsForIdentity(request -> request.identityId(identityId)))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("Logins don't match");
        }
    }

    @Test
    void getOpenIdTokenAnswersForAKnownIdentity() throws Exception {
        IotEmulator emulator = running.get();
        try (CognitoIdentityClient cognito = SeedFlow.cognito(emulator)) {
            String identityId = cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())).identityId();
            String token = cognito.getOpenIdToken(request -> request.identityId(identityId)).token();
            assertThat(SignedJWT.parse(token).getJWTClaimsSet().getSubject()).isEqualTo(identityId);
        }
    }

    @Test
    void wrongPasswordIsAFunctionErrorWithTheFunctionsMessage() {
        IotEmulator emulator = running.get();
        InvokeResponse response = SeedFlow.login(emulator, SeedFlow.unauthenticated(emulator),
                "{\"username\":\"demo\",\"password\":\"guess\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.functionError()).isEqualTo("Unhandled");
        assertThat(response.payload().asUtf8String())
                .contains("\"errorMessage\":\"Incorrect username or password.\"", "\"errorType\":\"NotAuthorizedException\"");
    }

    @Test
    void unknownFunctionIsResourceNotFound() {
        IotEmulator emulator = running.get();
        try (LambdaClient lambda = SeedFlow.lambda(emulator, SeedFlow.unauthenticated(emulator))) {
            assertThatThrownBy(() -> lambda.invoke(request -> request.functionName("no-such-function").payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOfSatisfying(software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(404);
                        assertThat(e.awsErrorDetails().errorMessage())
                                .isEqualTo("Function not found: arn:aws:lambda:us-east-1:000000000000:function:no-such-function");
                    });
        }
    }

    @Test
    void invokeByArnAndWithAnAliasReachesTheFunction() {
        IotEmulator emulator = running.get();
        try (LambdaClient lambda = SeedFlow.lambda(emulator, SeedFlow.unauthenticated(emulator))) {
            InvokeResponse response = lambda.invoke(request -> request
                    .functionName("arn:aws:lambda:us-east-1:000000000000:function:" + emulator.config().cognito().authFunctionName() + ":live")
                    .payload(SdkBytes.fromUtf8String(DEMO_LOGIN)));
            assertThat(response.functionError()).isNull();
        }
    }

    @Test
    void unsignedInvokeIsRefused() {
        IotEmulator emulator = running.get();
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(emulator.endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            assertThatThrownBy(() -> lambda.invoke(request -> request.functionName(emulator.config().cognito().authFunctionName())
                    .payload(SdkBytes.fromUtf8String(DEMO_LOGIN))))
                    .isInstanceOfSatisfying(LambdaException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("MissingAuthenticationTokenException");
                    });
        }
    }

    @Test
    void invokeWithCredentialsTheEmulatorNeverIssuedIsUnrecognized() {
        IotEmulator emulator = running.get();
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(emulator.endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAFORGEDFORGED0000", "secret", "token")))
                .build()) {
            assertThatThrownBy(() -> lambda.invoke(request -> request.functionName(emulator.config().cognito().authFunctionName())
                    .payload(SdkBytes.fromUtf8String(DEMO_LOGIN))))
                    .isInstanceOfSatisfying(LambdaException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("The security token included in the request is invalid.");
                    });
        }
    }

    @Test
    void invokeWithAWrongSecretIsInvalidSignature() {
        IotEmulator emulator = running.get();
        Credentials real = SeedFlow.unauthenticated(emulator);
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(emulator.endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(real.accessKeyId(), "wrong", real.sessionToken())))
                .build()) {
            assertThatThrownBy(() -> lambda.invoke(request -> request.functionName(emulator.config().cognito().authFunctionName())
                    .payload(SdkBytes.fromUtf8String(DEMO_LOGIN))))
                    .isInstanceOfSatisfying(LambdaException.class, e ->
                            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException"));
        }
    }

    @Test
    void eventAndDryRunInvocationsAnswer202And204() {
        IotEmulator emulator = running.get();
        try (LambdaClient lambda = SeedFlow.lambda(emulator, SeedFlow.unauthenticated(emulator))) {
            assertThat(lambda.invoke(request -> request.functionName(emulator.config().cognito().authFunctionName())
                    .invocationType(InvocationType.EVENT).payload(SdkBytes.fromUtf8String(DEMO_LOGIN))).statusCode()).isEqualTo(202);
            assertThat(lambda.invoke(request -> request.functionName(emulator.config().cognito().authFunctionName())
                    .invocationType(InvocationType.DRY_RUN)).statusCode()).isEqualTo(204);
        }
    }

    @Test
    void jwksIsServedWhereCognitoServesIt() throws Exception {
        IotEmulator emulator = running.get();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(emulator.endpoints().jwksUri(emulator.config().userPoolId())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"kty\":\"RSA\"", "\"alg\":\"RS256\"").doesNotContain("\"d\"");
    }

    @Test
    void healthEndpointAnswers() throws Exception {
        IotEmulator emulator = running.get();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(emulator.endpoints().awsApiEndpoint().resolve("/_iot-local/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("running");
    }

    @Test
    void wireMockAdminApiIsClosed() throws Exception {
        IotEmulator emulator = running.get();
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(emulator.endpoints().awsApiEndpoint().resolve("/__admin/mappings")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
    }

    private static String identityOf(IotEmulator emulator, CognitoIdentityClient cognito, String user, String password) {
        InvokeResponse login = SeedFlow.login(emulator, SeedFlow.unauthenticated(emulator),
                "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}");
        return cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())
                .logins(SeedFlow.logins(emulator, SeedFlow.idToken(login)))).identityId();
    }

}
