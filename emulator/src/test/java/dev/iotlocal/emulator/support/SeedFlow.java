package dev.iotlocal.emulator.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.emulator.IotEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The seed flow's five AWS calls (GetId, GetCredentialsForIdentity, the auth Lambda's Invoke, then GetId and
 * GetCredentialsForIdentity with the login), written exactly as the seed program writes them with the AWS SDK for
 * Java v2; only {@code endpointOverride} points at the emulator.
 */
public final class SeedFlow {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SeedFlow() {}

    public static CognitoIdentityClient cognito(IotEmulator emulator) {
        return CognitoIdentityClient.builder()
                .endpointOverride(emulator.endpoints().awsApiEndpoint())
                .region(Region.of(emulator.config().region()))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .build();
    }

    public static LambdaClient lambda(IotEmulator emulator, Credentials credentials) {
        return LambdaClient.builder()
                .endpointOverride(emulator.endpoints().awsApiEndpoint())
                .region(Region.of(emulator.config().region()))
                .credentialsProvider(StaticCredentialsProvider.create(sessionCredentials(credentials)))
                .build();
    }

    public static AwsSessionCredentials sessionCredentials(Credentials credentials) {
        return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretKey(), credentials.sessionToken());
    }

    /** Step 1: unauthenticated credentials. */
    public static Credentials unauthenticated(IotEmulator emulator) {
        try (CognitoIdentityClient cognito = cognito(emulator)) {
            String identityId = cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId())).identityId();
            return cognito.getCredentialsForIdentity(request -> request.identityId(identityId)).credentials();
        }
    }

    /** Step 2: the auth Lambda's response. */
    public static InvokeResponse login(IotEmulator emulator, Credentials unauthenticated, String payload) {
        try (LambdaClient lambda = lambda(emulator, unauthenticated)) {
            return lambda.invoke(request -> request.functionName(emulator.config().cognito().authFunctionName())
                    .payload(SdkBytes.fromUtf8String(payload)));
        }
    }

    /** The ID token at {@code credentials.token} of the auth Lambda's response. */
    public static String idToken(InvokeResponse response) {
        try {
            return JSON.readTree(response.payload().asUtf8String()).at("/credentials/token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Step 3: the Logins map. */
    public static Map<String, String> logins(IotEmulator emulator, String idToken) {
        return Map.of("cognito-idp." + emulator.config().region() + ".amazonaws.com/" + emulator.config().userPoolId(), idToken);
    }

    /** Step 4: authenticated credentials. */
    public static Credentials authenticated(IotEmulator emulator, Map<String, String> logins) {
        try (CognitoIdentityClient cognito = cognito(emulator)) {
            String identityId = cognito.getId(request -> request.identityPoolId(emulator.config().identityPoolId()).logins(logins)).identityId();
            return cognito.getCredentialsForIdentity(request -> request.identityId(identityId).logins(logins)).credentials();
        }
    }

    /** Steps 1 to 4 for a user. */
    public static Credentials run(IotEmulator emulator, String username, String password) {
        Credentials unauthenticated = unauthenticated(emulator);
        InvokeResponse response = login(emulator, unauthenticated,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        return authenticated(emulator, logins(emulator, idToken(response)));
    }
}
