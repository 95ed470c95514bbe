package dev.iotlocal.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.iotlocal.emulator.support.RunningEmulator;
import dev.iotlocal.emulator.support.SeedFlow;
import dev.iotlocal.emulator.support.SignedUpgrade;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.CognitoIdentityException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Calls of AWS operations IoT Local does not emulate, with the AWS SDK for Java v2 as users write them: each fails at
 * once with the SDK's service exception saying so, and the emulator logs one line.
 */
class NotEmulatedOperationsTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().build());

    private static final StaticCredentialsProvider SOME_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"));

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLog() {
        log.start();
        rootLogger().addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        rootLogger().detachAppender(log);
        log.stop();
    }

    @Test
    void iotControlPlaneCallIsAnsweredAsNotEmulated() {
        try (IotClient iot = IotClient.builder().endpointOverride(running.get().endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(SOME_CREDENTIALS).build()) {
            assertNotEmulated(iot::listTopicRules, IotException.class, "UnknownOperationException",
                    "IoT Local does not emulate the AWS IoT operation at GET /rules");
        }
    }

    @Test
    void cognitoUserPoolCallIsAnsweredAsNotEmulated() {
        try (CognitoIdentityProviderClient userPool = CognitoIdentityProviderClient.builder()
                .endpointOverride(running.get().endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(AnonymousCredentialsProvider.create()).build()) {
            assertNotEmulated(() -> userPool.initiateAuth(request -> request.authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                            .clientId("client").authParameters(Map.of("USERNAME", "demo", "PASSWORD", "demo-password"))),
                    CognitoIdentityProviderException.class, "UnknownOperationException",
                    "IoT Local does not emulate the Amazon Cognito user pools operation InitiateAuth");
        }
    }

    @Test
    void stsCallIsAnsweredAsNotEmulatedInStsXml() {
        try (StsClient sts = StsClient.builder().endpointOverride(running.get().endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(SOME_CREDENTIALS).build()) {
            assertNotEmulated(sts::getCallerIdentity, StsException.class, "InvalidAction",
                    "IoT Local does not emulate the AWS STS operation GetCallerIdentity");
        }
    }

    @Test
    void lambdaOperationOtherThanInvokeIsAnsweredAsNotEmulated() {
        try (LambdaClient lambda = LambdaClient.builder().endpointOverride(running.get().endpoints().awsApiEndpoint())
                .region(Region.US_EAST_1).credentialsProvider(SOME_CREDENTIALS).build()) {
            assertNotEmulated(lambda::listFunctions, LambdaException.class, "UnknownOperationException",
                    "IoT Local does not emulate the AWS Lambda operation at GET /2015-03-31/functions");
        }
    }

    @Test
    void unknownCognitoIdentityOperationIsAnsweredAsNotEmulated() {
        try (CognitoIdentityClient cognito = SeedFlow.cognito(running.get())) {
            assertNotEmulated(() -> cognito.listIdentityPools(request -> request.maxResults(10)),
                    CognitoIdentityException.class, "UnknownOperationException",
                    "IoT Local does not emulate the Amazon Cognito Identity operation ListIdentityPools");
        }
    }

    @Test
    void requestForNoKnownServiceGetsAnAwsShapedAnswerInsteadOfWireMocksTable() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(running.get().endpoints().awsApiEndpoint().resolve("/no/such/path?x=1")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnknownOperationException");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        assertThat(response.body()).contains("\"message\":\"IoT Local does not emulate the AWS operation at GET /no/such/path\"")
                .doesNotContain("not matched");
        assertOneLogLine("IoT Local does not emulate the AWS operation at GET /no/such/path");
    }

    @Test
    void pathOtherThanMqttOrTheDataPlanesOnTheWssPortGetsTheGatewaysAnswer() throws Exception {
        SSLContext trustingTheCa = SSLContext.getInstance("TLS");
        trustingTheCa.init(null, SignedUpgrade.trustManagers(running.get()), null);
        IotEmulator emulator = running.get();
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(trustingTheCa).build().send(HttpRequest.newBuilder(
                URI.create("https://" + emulator.endpoints().host() + ":" + emulator.endpoints().wssPort() + "/lamp/status")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        String message = "IoT Local does not emulate GET /lamp/status on this port; it serves MQTT over WebSocket at /mqtt and AWS IoT's"
                + " HTTPS data plane (/things/{thing}/shadow, /topics/{topic}, /retainedMessage)";
        assertThat(response.body()).contains("\"message\":\"" + message + "\"").contains("\"traceId\":");
        assertOneLogLine(message);
    }

    private void assertNotEmulated(ThrowingCallable call, Class<? extends AwsServiceException> exceptionType, String errorCode, String message) {
        AwsServiceException error = catchThrowableOfType(exceptionType, call);

        assertThat(error).as("the SDK's service exception").isNotNull();
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(errorCode);
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(error.numAttempts()).as("attempts: a status the SDK does not retry").isEqualTo(1);
        assertOneLogLine(message);
    }

    /** The emulator logs the request once, and nothing else logs (no WireMock "not matched" table). */
    private void assertOneLogLine(String containing) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !logLines().isEmpty());
        assertThat(logLines()).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).contains(containing);
        });
    }

    private List<ILoggingEvent> logLines() {
        synchronized (log) { // ListAppender appends under the appender's lock, from the endpoint's threads
            return log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO)).toList();
        }
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
