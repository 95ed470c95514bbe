package dev.iotlocal.testkit.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlocal.client.CognitoIotConnector;
import dev.iotlocal.client.DeviceConnector;
import dev.iotlocal.client.IotClientConfig;
import dev.iotlocal.client.IotConnector;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.cognito.User;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.testkit.CognitoUser;
import dev.iotlocal.testkit.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.MqttClientConnectionEvents;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.OnAttemptingConnectReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionFailureReturn;
import software.amazon.awssdk.crt.mqtt5.OnConnectionSuccessReturn;
import software.amazon.awssdk.crt.mqtt5.OnDisconnectionReturn;
import software.amazon.awssdk.crt.mqtt5.OnStoppedReturn;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentity.model.Credentials;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The clients one test asked for, made with IoT Local's client library exactly as production code makes them,
 * and closed when the test ends (connections first, then what they depend on). Cognito and Lambda calls go to
 * the test's {@link AwsApiTarget}, MQTT to the emulator.
 */
public final class TestClients implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IotEmulator emulator;
    private final Path caCertificateFile;
    private final AwsApiTarget awsApi;
    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();
    /** The {@link Device#policy()} each thing's certificate got in this test, empty for the default policy. */
    private final Map<String, String> policyOfThing = new HashMap<>();
    private IotClient policyClient;

    public TestClients(IotEmulator emulator, Path caCertificateFile, AwsApiTarget awsApi) {
        this.emulator = emulator;
        this.caCertificateFile = caCertificateFile;
        this.awsApi = awsApi;
    }

    public static boolean supports(ParameterContext parameter) {
        Class<?> type = parameter.getParameter().getType();
        if (type == CognitoIdentityClient.class || type == LambdaClient.class || type == IotClient.class) {
            return true;
        }
        boolean connection = type == MqttClientConnection.class || type == Mqtt5Client.class;
        return connection && (parameter.isAnnotated(Device.class) || parameter.isAnnotated(CognitoUser.class));
    }

    public synchronized Object resolve(ParameterContext parameter) {
        Class<?> type = parameter.getParameter().getType();
        if (type == CognitoIdentityClient.class) {
            return closeLater(cognito());
        }
        if (type == LambdaClient.class) {
            return closeLater(lambda());
        }
        if (type == IotClient.class) {
            return closeLater(iot(emulator));
        }
        IotConnector connector = parameter.isAnnotated(Device.class)
                ? device(parameter.findAnnotation(Device.class).orElseThrow(), parameter.getDeclaringExecutable().getDeclaringClass().getClassLoader())
                : closeLater(cognitoUser(parameter.findAnnotation(CognitoUser.class).orElseThrow()));
        return type == MqttClientConnection.class ? connect311(connector) : start5(connector);
    }

    /**
     * A device connecting over mutual TLS with a certificate the emulator issued for its thing (once per test, so
     * that two connections of one thing share it) and the policy the annotation names, if any.
     */
    private DeviceConnector device(Device device, ClassLoader testClassLoader) {
        String thing = device.value();
        Path directory = certificatesDirectory();
        String earlierPolicy = policyOfThing.get(thing);
        if (earlierPolicy == null) {
            DeviceCertificate certificate = emulator.certificates().issue(thing);
            certificate.writeTo(directory);
            if (!device.policy().isBlank()) {
                String certificateArn = policyClient().describeCertificate(b -> b.certificateId(certificate.certificateId()))
                        .certificateDescription().certificateArn();
                DevicePolicy.of(device, testClassLoader).applyExactlyTo(certificateArn, policyClient());
            }
            policyOfThing.put(thing, device.policy());
        } else if (!earlierPolicy.equals(device.policy())) {
            throw new ParameterResolutionException("Two @Device(\"" + thing + "\") parameters name different policies, but they share the "
                    + "thing's certificate and so its policy: give them the same policy, or make them different things");
        }
        return DeviceConnector.fromPemFiles(baseConfig(thing).mtlsPort(emulator.endpoints().mtlsPort()).build(),
                directory.resolve(thing + ".cert.pem"), directory.resolve(thing + ".private.key"));
    }

    /** The control-plane client the test kit's own set-up uses, made when a test first needs it. */
    private IotClient policyClient() {
        if (policyClient == null) {
            policyClient = closeLater(iot(emulator));
        }
        return policyClient;
    }

    /** A server logging in as a configured user through the test's Cognito and auth function, then over WSS. */
    private CognitoIotConnector cognitoUser(CognitoUser user) {
        String clientId = user.clientId().isEmpty() ? user.value() + "-server" : user.clientId();
        return CognitoIotConnector.create(baseConfig(clientId)
                .identityPoolId(awsApi.identityPoolId())
                .userPoolId(awsApi.userPoolId())
                .authFunctionName(awsApi.authFunctionName())
                .authPayload(loginPayload(user.value()))
                .awsEndpointOverride(awsApi.endpoint())
                .port(emulator.endpoints().wssPort())
                .build());
    }

    private IotClientConfig.Builder baseConfig(String clientId) {
        return IotClientConfig.builder()
                .region(emulator.config().region())
                .endpoint(emulator.endpoints().host())
                .clientId(clientId)
                .caCertificate(caCertificateFile);
    }

    private MqttClientConnection connect311(IotConnector connector) {
        MqttClientConnection connection = connector.newMqtt311Connection(NO_EVENTS);
        toClose.push(() -> {
            try {
                connection.disconnect().get(5, TimeUnit.SECONDS);
            } finally {
                connection.close();
            }
        });
        try {
            connector.connect(connection).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new ParameterResolutionException("The injected connection could not connect: " + cause(e)
                    + deniedConnects(connector.config().clientId()), cause(e));
        }
        return connection;
    }

    private Mqtt5Client start5(IotConnector connector) {
        CompletableFuture<Void> connected = new CompletableFuture<>();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        Mqtt5Client client = connector.newMqtt5Client(builder -> builder.withLifeCycleEvents(new Mqtt5ClientOptions.LifecycleEvents() {
            @Override
            public void onAttemptingConnect(Mqtt5Client c, OnAttemptingConnectReturn r) {}

            @Override
            public void onConnectionSuccess(Mqtt5Client c, OnConnectionSuccessReturn r) {
                connected.complete(null);
            }

            @Override
            public void onConnectionFailure(Mqtt5Client c, OnConnectionFailureReturn r) {
                connected.completeExceptionally(connector.explain(r.getErrorCode()));
            }

            @Override
            public void onDisconnection(Mqtt5Client c, OnDisconnectionReturn r) {}

            @Override
            public void onStopped(Mqtt5Client c, OnStoppedReturn r) {
                stopped.complete(null);
            }
        }));
        toClose.push(() -> {
            try {
                client.stop();
                stopped.get(5, TimeUnit.SECONDS);
            } finally {
                client.close();
            }
        });
        client.start();
        try {
            connected.get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new ParameterResolutionException("The injected MQTT 5 client could not connect: " + cause(e)
                    + deniedConnects(connector.config().clientId()), cause(e));
        }
        return client;
    }

    private Path certificatesDirectory;

    private Path certificatesDirectory() {
        if (certificatesDirectory == null) {
            try {
                certificatesDirectory = Files.createTempDirectory("iot-local-devices-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path created = certificatesDirectory;
            toClose.addLast(() -> deleteTree(created));
        }
        return certificatesDirectory;
    }

    private String loginPayload(String username) {
        User user = emulator.config().cognito().users().stream().filter(candidate -> candidate.username().equals(username)).findFirst()
                .orElseThrow(() -> new ParameterResolutionException("No user '" + username
                        + "' is configured; add one with IotLocalExtension.builder().user(name, password)"));
        return JSON.createObjectNode().put("username", user.username()).put("password", user.password()).toString();
    }

    /** AWS IoT's control plane at the emulator, signed with the account's administrator key. */
    public static IotClient iot(IotEmulator emulator) {
        return IotClient.builder()
                .endpointOverride(emulator.endpoints().awsApiEndpoint())
                .region(Region.of(emulator.config().region()))
                .credentialsProvider(administrator(emulator))
                .httpClientBuilder(Apache5HttpClient.builder()) // the URL-connection client cannot send PATCH (UpdateThing)
                .build();
    }

    /** The account administrator's key as the AWS SDK takes credentials. */
    public static StaticCredentialsProvider administrator(IotEmulator emulator) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(emulator.accountCredentials().accessKeyId(),
                emulator.accountCredentials().secretAccessKey()));
    }

    private CognitoIdentityClient cognito() {
        return CognitoIdentityClient.builder()
                .endpointOverride(awsApi.endpoint())
                .region(Region.of(emulator.config().region()))
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .httpClientBuilder(UrlConnectionHttpClient.builder()) // as the client library, whatever else is on the class path
                .build();
    }

    /** A Lambda client signed with an unauthenticated identity's credentials, as the seed calls the auth Lambda. */
    private LambdaClient lambda() {
        Credentials credentials;
        try (CognitoIdentityClient cognito = cognito()) {
            String identityId = cognito.getId(request -> request.identityPoolId(awsApi.identityPoolId())).identityId();
            credentials = cognito.getCredentialsForIdentity(request -> request.identityId(identityId)).credentials();
        }
        return LambdaClient.builder()
                .endpointOverride(awsApi.endpoint())
                .region(Region.of(emulator.config().region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretKey(), credentials.sessionToken())))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.push(closeable);
        return closeable;
    }

    @Override
    public synchronized void close() {
        RuntimeException failure = null;
        while (!toClose.isEmpty()) {
            try {
                toClose.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Closing the test's clients failed: " + e, e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Why AWS IoT's policies refused the client's CONNECT, if they did: what to change. */
    private String deniedConnects(String clientId) {
        return emulator.journal().denials().stream()
                .filter(denial -> denial.clientId().equals(clientId) && denial.action().equals("iot:Connect"))
                .findFirst()
                .map(denial -> "\n  " + denial)
                .orElse("");
    }

    private static Throwable cause(Throwable e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static final MqttClientConnectionEvents NO_EVENTS = new MqttClientConnectionEvents() {
        @Override
        public void onConnectionInterrupted(int errorCode) {}

        @Override
        public void onConnectionResumed(boolean sessionPresent) {}
    };
}
