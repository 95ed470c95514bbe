package dev.iotlocal.client.internal;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.client.AuthFunctionFailedException;
import dev.iotlocal.client.AuthFunctionNotFoundException;
import dev.iotlocal.client.EndpointUnreachableException;
import dev.iotlocal.client.IdentityPoolNotFoundException;
import dev.iotlocal.client.IotClientConfig;
import dev.iotlocal.client.IotClientException;
import dev.iotlocal.client.IotClientException.Step;
import dev.iotlocal.client.LoginRejectedException;
import dev.iotlocal.client.TlsTrustException;
import dev.iotlocal.client.UnauthenticatedAccessDisabledException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClientBuilder;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;
import software.amazon.awssdk.services.cognitoidentity.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentity.model.ResourceNotFoundException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.LambdaClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Steps 1 to 4 of the seed flow with the AWS SDK for Java v2: unauthenticated credentials, the auth Lambda,
 * the token in {@code Logins}, authenticated credentials. Turns every refusal into the typed exception that
 * names the step. Meant to be called from one thread at a time (the credentials cache's fetching thread).
 */
public final class CognitoLogin implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_QUOTED_PAYLOAD = 300;

    private final String identityPoolId;
    private final String functionName;
    private final String payload;
    private final JsonPointer tokenPointer;
    private final String loginProvider;
    private final URI cognitoEndpoint;
    private final URI lambdaEndpoint;
    private final CognitoIdentityClient cognito;
    private final LambdaClient lambda;
    private String guestIdentityId;

    public CognitoLogin(IotClientConfig config) {
        this.identityPoolId = Setting.IDENTITY_POOL_ID.require(config.identityPoolId(), "the Cognito identity pool the credentials come from");
        String userPoolId = Setting.USER_POOL_ID.require(config.userPoolId(), "the Cognito user pool whose ID token the auth function returns");
        this.functionName = Setting.AUTH_FUNCTION_NAME.require(config.authFunctionName(), "the auth Lambda that exchanges the login for an ID token");
        this.payload = Setting.AUTH_PAYLOAD.require(config.authPayload(), "the JSON the auth Lambda is invoked with, e.g. {\"username\":\"...\",\"password\":\"...\"}");
        this.tokenPointer = JsonPointer.compile(config.tokenPointer());
        // the provider name carries the user pool's own region, the prefix of its id
        this.loginProvider = "cognito-idp." + userPoolId.substring(0, userPoolId.indexOf('_')) + ".amazonaws.com/" + userPoolId;
        this.cognitoEndpoint = config.cognitoEndpoint();
        this.lambdaEndpoint = config.lambdaEndpoint();

        Region region = Region.of(config.region());
        CognitoIdentityClientBuilder cognitoBuilder = CognitoIdentityClient.builder()
                .region(region)
                // GetId and GetCredentialsForIdentity are unsigned: no credentials are looked up
                .credentialsProvider(AnonymousCredentialsProvider.create())
                // explicit, so that another HTTP client on the user's classpath does not make the SDK fail
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        LambdaClientBuilder lambdaBuilder = LambdaClient.builder()
                .region(region)
                // every invocation carries its own (unauthenticated) credentials
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        config.awsEndpointOverride().ifPresent(endpoint -> {
            cognitoBuilder.endpointOverride(endpoint);
            lambdaBuilder.endpointOverride(endpoint);
        });
        this.cognito = cognitoBuilder.build();
        this.lambda = lambdaBuilder.build();
    }

    /** Runs steps 1 to 4 and returns the authenticated credentials with their expiration. */
    public RefreshingCache.Expiring<AwsSessionCredentials> logIn() {
        String token = idToken(unauthenticatedCredentials());
        Credentials credentials = authenticatedCredentials(Map.of(loginProvider, token));
        if (credentials.expiration() == null) {
            throw new IotClientException(Step.AUTHENTICATED_CREDENTIALS,
                    "Cognito at " + cognitoEndpoint + " returned credentials without an expiration; they cannot be refreshed in time.", null);
        }
        return new RefreshingCache.Expiring<>(sessionCredentials(credentials), credentials.expiration());
    }

    @Override
    public void close() {
        cognito.close();
        lambda.close();
    }

    private AwsSessionCredentials unauthenticatedCredentials() {
        Step step = Step.UNAUTHENTICATED_CREDENTIALS;
        try {
            // one guest identity per process: every GetId without a login creates another identity in the pool
            if (guestIdentityId == null) {
                guestIdentityId = cognito.getId(request -> request.identityPoolId(identityPoolId)).identityId();
            }
            return sessionCredentials(cognito.getCredentialsForIdentity(request -> request.identityId(guestIdentityId)).credentials());
        } catch (ResourceNotFoundException e) {
            guestIdentityId = null;
            throw new IdentityPoolNotFoundException(step, "Cognito at " + cognitoEndpoint + " does not know identity pool " + identityPoolId
                    + " (" + serviceMessage(e) + "). Check " + Setting.IDENTITY_POOL_ID + " and " + Setting.REGION
                    + ": an identity pool lives in one region.", e);
        } catch (NotAuthorizedException e) {
            guestIdentityId = null;
            throw new UnauthenticatedAccessDisabledException("Identity pool " + identityPoolId + " gives out no unauthenticated identities ("
                    + serviceMessage(e) + "), but the auth function " + functionName + " is called with unauthenticated credentials. "
                    + "Enable guest (unauthenticated) access on the identity pool.", e);
        } catch (SdkException e) {
            // the identity is still good after a timeout or an unreachable endpoint: keep it, or each retry makes another
            throw unexpected(step, cognitoEndpoint, e);
        }
    }

    private String idToken(AwsSessionCredentials guest) {
        Step step = Step.AUTH_FUNCTION;
        InvokeResponse response;
        try {
            response = lambda.invoke(InvokeRequest.builder()
                    .functionName(functionName)
                    .payload(SdkBytes.fromUtf8String(payload))
                    .overrideConfiguration(override -> override.credentialsProvider(StaticCredentialsProvider.create(guest)))
                    .build());
        } catch (software.amazon.awssdk.services.lambda.model.ResourceNotFoundException e) {
            throw new AuthFunctionNotFoundException("Lambda at " + lambdaEndpoint + " has no function " + functionName
                    + " (" + serviceMessage(e) + "). Check " + Setting.AUTH_FUNCTION_NAME + " and " + Setting.REGION + ".", e);
        } catch (SdkException e) {
            throw unexpected(step, lambdaEndpoint, e);
        }
        String answer = response.payload() == null ? "" : response.payload().asUtf8String();
        JsonNode json = parse(answer);
        if (response.functionError() != null) {
            String errorType = json.path("errorType").asText("");
            String errorMessage = json.has("errorMessage") ? json.path("errorMessage").asText("") : quote(answer);
            throw new AuthFunctionFailedException("The auth function " + functionName + " failed: " + errorType
                    + (errorType.isEmpty() ? "" : ": ") + errorMessage + " If the login was refused, check " + Setting.AUTH_PAYLOAD + ".",
                    errorType, errorMessage);
        }
        JsonNode token = json.at(tokenPointer);
        if (!token.isTextual() || token.asText().isBlank()) {
            List<String> fields = new ArrayList<>();
            json.fieldNames().forEachRemaining(fields::add);
            throw new IotClientException(step, "The response of the auth function " + functionName + " has no token at " + tokenPointer
                    + " (its top-level fields: " + fields + "). Set " + Setting.TOKEN_POINTER + " to where the ID token is.", null);
        }
        return token.asText();
    }

    private Credentials authenticatedCredentials(Map<String, String> logins) {
        Step step = Step.AUTHENTICATED_CREDENTIALS;
        try {
            String identityId = cognito.getId(request -> request.identityPoolId(identityPoolId).logins(logins)).identityId();
            return cognito.getCredentialsForIdentity(request -> request.identityId(identityId).logins(logins)).credentials();
        } catch (NotAuthorizedException e) {
            throw new LoginRejectedException("Cognito at " + cognitoEndpoint + " refused the token of the auth function " + functionName
                    + " for " + loginProvider + " (" + serviceMessage(e) + "). Check " + Setting.USER_POOL_ID
                    + " (the user pool must be a login provider of identity pool " + identityPoolId + ") and " + Setting.TOKEN_POINTER
                    + " (it must point at an ID token, not an access token).", e);
        } catch (ResourceNotFoundException e) {
            throw new IdentityPoolNotFoundException(step, "Cognito at " + cognitoEndpoint + " does not know identity pool " + identityPoolId
                    + " (" + serviceMessage(e) + "). Check " + Setting.IDENTITY_POOL_ID + ".", e);
        } catch (SdkException e) {
            throw unexpected(step, cognitoEndpoint, e);
        }
    }

    /** Any other failure of an AWS API call: unreachable, untrusted, or refused with the service's words. */
    private static IotClientException unexpected(Step step, URI endpoint, SdkException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return new TlsTrustException(step, "The TLS handshake with " + endpoint + " failed while " + step.description() + " ("
                        + cause.getMessage() + "). The AWS API calls trust the JVM's trust store (javax.net.ssl.trustStore), not "
                        + Setting.CA_CERTIFICATE.key() + ": add the server's CA to it, or use IoT Local's plain-HTTP AWS API endpoint in "
                        + Setting.AWS_ENDPOINT_OVERRIDE + ".", e);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException || cause instanceof NoRouteToHostException
                    || (cause instanceof SocketTimeoutException
                    && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("connect"))) {
                return new EndpointUnreachableException(step, "Cannot reach " + endpoint + " while " + step.description() + " ("
                        + cause + "). Check the network and any proxy, " + Setting.REGION + ", and for IoT Local that it runs at "
                        + Setting.AWS_ENDPOINT_OVERRIDE + ".", e);
            }
        }
        if (e instanceof AwsServiceException service) {
            return new IotClientException(step, capitalized(step.description()) + " at " + endpoint + " failed with "
                    + service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + "): " + serviceMessage(service), e);
        }
        return new IotClientException(step, capitalized(step.description()) + " at " + endpoint + " failed: " + e.getMessage(), e);
    }

    private static AwsSessionCredentials sessionCredentials(Credentials credentials) {
        return AwsSessionCredentials.builder()
                .accessKeyId(credentials.accessKeyId())
                .secretAccessKey(credentials.secretKey())
                .sessionToken(credentials.sessionToken())
                .expirationTime(credentials.expiration())
                .build();
    }

    private static String serviceMessage(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null ? e.awsErrorDetails().errorMessage() : e.getMessage();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            return JSON.missingNode();
        }
    }

    private static String quote(String answer) {
        return answer.length() <= MAX_QUOTED_PAYLOAD ? answer : answer.substring(0, MAX_QUOTED_PAYLOAD) + "...";
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
