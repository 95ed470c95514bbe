package dev.iotlocal.emulator.internal.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.iotlocal.emulator.EmulatorFaults;
import dev.iotlocal.emulator.internal.pki.TlsIdentity;
import dev.iotlocal.emulator.internal.util.Directories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The AWS API endpoint, like LocalStack's edge port: one WireMock server that answers as Cognito Identity
 * ({@code POST /} with {@code X-Amz-Target: AWSCognitoIdentityService.*}), as AWS Lambda's Invoke for the auth
 * function, with the user pool's JWKS, and as AWS IoT's control plane; every other request gets the answer of the AWS service it was meant for
 * to an operation that service does not know. Its admin API is closed: the emulator alone changes its stubs.
 */
public final class AwsApiServer implements AutoCloseable {

    /** Where the emulator answers "am I up?". */
    public static final String HEALTH_PATH = "/_iot-local/health";

    private static final int TIMEOUT_MILLIS = 30_000;
    private static final String COGNITO_TARGET = "AWSCognitoIdentityService\\..+";
    private static final String INVOKE_PATH = "/2015-03-31/functions/[^/]+/invocations";
    /** Injected faults come before the services; every stub added later comes before the catch-all. */
    private static final int FAULT_PRIORITY = 1;
    /** After Cognito and Lambda, which match more narrowly, before the catch-all. */
    private static final int IOT_PRIORITY = 10;
    /** Requests signed for the data plane, whose paths the control plane's path pattern would take. */
    private static final int IOT_DATA_PRIORITY = 9;
    private static final int CATCH_ALL_PRIORITY = Integer.MAX_VALUE;

    private final WireMockServer server;
    private final Path workDirectory;
    private final Queue<UUID> faultStubs = new ConcurrentLinkedQueue<>();

    private AwsApiServer(WireMockServer server, Path workDirectory) {
        this.server = server;
        this.workDirectory = workDirectory;
    }

    /**
     * Starts the endpoint.
     *
     * @param httpsPort -1 for no HTTPS port
     */
    public static AwsApiServer start(String bindAddress, int httpPort, int httpsPort, TlsIdentity tls, AwsServices services) {
        Path workDirectory;
        try {
            // WireMock reads stub files from its root directory; an empty one keeps a user's src/test/resources out
            workDirectory = Files.createTempDirectory("iot-local-aws-api-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the AWS API endpoint's temporary directory", e);
        }
        NotEmulatedTransformer notEmulated = new NotEmulatedTransformer();
        WireMockConfiguration options = WireMockConfiguration.options()
                .bindAddress(bindAddress)
                .port(httpPort) // 0: WireMock binds a free port
                .withRootDirectory(workDirectory.toString())
                .extensions(new CognitoIdentityTransformer(services.cognito(), notEmulated), new LambdaInvokeTransformer(services.lambda()),
                        new JwksTransformer(services.jwksJson()), notEmulated,
                        new IotControlPlaneTransformer(services.iotRoutes(), services.region(), services.verifier(),
                                services.controlPlaneCredentials(), services.administratorKeyId(), notEmulated),
                        new IotDataPlaneTransformer(services.dataPlane()))
                // the endpoint never proxies: no HTTP client, which would cost a cold start ~200 classes
                .httpClientFactory(new NoHttpClient())
                .adminAuthenticator(request -> false)
                .notifier(new Slf4jNotifier(false))
                .templatingEnabled(false)
                .stubRequestLoggingDisabled(true)
                .disableRequestJournal();
        if (httpsPort >= 0) {
            Path keystore = workDirectory.resolve("aws-api.p12");
            String password = TlsIdentity.randomStorePassword();
            tls.writeKeyStore(keystore, password);
            options.httpsPort(httpsPort).keystorePath(keystore.toString()).keystorePassword(password)
                    .keyManagerPassword(password).keystoreType("PKCS12");
        }
        WireMockServer server = new WireMockServer(options);
        try {
            server.start();
        } catch (RuntimeException e) {
            Directories.deleteQuietly(workDirectory);
            throw new IllegalStateException("The AWS API endpoint did not start: " + e.getMessage(), e);
        }
        server.stubFor(post(urlEqualTo("/"))
                .withHeader("X-Amz-Target", matching(COGNITO_TARGET))
                .willReturn(aResponse().withTransformers(CognitoIdentityTransformer.NAME)));
        server.stubFor(post(urlPathMatching(INVOKE_PATH))
                .willReturn(aResponse().withTransformers(LambdaInvokeTransformer.NAME)));
        server.stubFor(get(urlEqualTo("/" + services.userPoolId() + "/.well-known/jwks.json")).willReturn(aResponse().withTransformers(JwksTransformer.NAME)));
        server.stubFor(any(anyUrl()).atPriority(IOT_DATA_PRIORITY)
                .withHeader("Authorization", matching(IotDataPlaneTransformer.SIGNED_FOR_IOT_DATA))
                .willReturn(aResponse().withTransformers(IotDataPlaneTransformer.NAME)));
        server.stubFor(any(anyUrl()).atPriority(IOT_PRIORITY)
                .withHeader("Authorization", matching(IotControlPlaneTransformer.SIGNED_FOR_IOT))
                .willReturn(aResponse().withTransformers(IotControlPlaneTransformer.NAME)));
        server.stubFor(any(urlMatching(IotControlPlaneTransformer.PATH_PATTERN)).atPriority(IOT_PRIORITY)
                .willReturn(aResponse().withTransformers(IotControlPlaneTransformer.NAME)));
        server.stubFor(get(urlEqualTo(HEALTH_PATH)).willReturn(okJson("{\"status\":\"running\"}")));
        server.stubFor(any(anyUrl()).atPriority(CATCH_ALL_PRIORITY).willReturn(aResponse().withTransformers(NotEmulatedTransformer.NAME)));
        return new AwsApiServer(server, workDirectory);
    }

    public int port() {
        return server.port();
    }

    public int httpsPort() {
        return server.getOptions().httpsSettings().enabled() ? server.httpsPort() : -1;
    }

    /** Cognito Identity answers every request with the fault, until {@link #clearFaults()}. */
    public void failCognito(EmulatorFaults.ServiceFault fault) {
        ResponseDefinitionBuilder response = switch (fault) {
            case THROTTLING -> error(AwsErrorResponse.awsJson(400, "TooManyRequestsException", "Rate exceeded"));
            case SERVER_ERROR -> error(AwsErrorResponse.awsJson(500, "InternalErrorException", "An internal error occurred (injected by IoT Local)"));
            case TIMEOUT -> timeout();
        };
        faultStubs.add(server.stubFor(post(urlEqualTo("/")).atPriority(FAULT_PRIORITY)
                .withHeader("X-Amz-Target", matching(COGNITO_TARGET))
                .willReturn(response)).getId());
    }

    /** The auth Lambda's Invoke answers every request with the fault, until {@link #clearFaults()}. */
    public void failAuthFunction(EmulatorFaults.ServiceFault fault) {
        ResponseDefinitionBuilder response = switch (fault) {
            case THROTTLING -> error(AwsErrorResponse.restJson(429, "TooManyRequestsException", "Rate Exceeded.",
                    Map.of("Reason", "ReservedFunctionConcurrentInvocationLimitExceeded")).withHeader("Retry-After", "1"));
            case SERVER_ERROR -> error(AwsErrorResponse.restJson(500, "ServiceException", "An internal error occurred (injected by IoT Local)"));
            case TIMEOUT -> timeout();
        };
        faultStubs.add(server.stubFor(post(urlPathMatching(INVOKE_PATH)).atPriority(FAULT_PRIORITY)
                .willReturn(response)).getId());
    }

    /** Removes every injected fault. */
    public void clearFaults() {
        for (UUID id = faultStubs.poll(); id != null; id = faultStubs.poll()) {
            server.removeStubMapping(server.getSingleStubMapping(id));
        }
    }

    // a fault's stub is made once, so its answers share one request id
    private static ResponseDefinitionBuilder error(AwsErrorResponse error) {
        return ResponseDefinitionBuilder.like(WireMockResponses.of(error));
    }

    private static ResponseDefinitionBuilder timeout() {
        return aResponse().withStatus(200).withFixedDelay(TIMEOUT_MILLIS).withBody("{}");
    }

    @Override
    public void close() {
        try {
            server.stop();
        } finally {
            Directories.deleteQuietly(workDirectory);
        }
    }
}
