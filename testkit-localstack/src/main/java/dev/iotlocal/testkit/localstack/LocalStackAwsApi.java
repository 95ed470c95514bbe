package dev.iotlocal.testkit.localstack;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.cognito.CognitoConfig;
import dev.iotlocal.emulator.cognito.User;
import dev.iotlocal.testkit.AwsApiBackend;
import dev.iotlocal.testkit.IotLocalExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cognitoidentity.CognitoIdentityClient;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Cognito Identity, a Cognito user pool and the auth Lambda from a LocalStack container instead of the emulator's
 * own stubs, for a suite that wants its real auth function in the seed flow; the broker stays the embedded
 * emulator. Hand it to {@link IotLocalExtension.Builder#awsApi(AwsApiBackend)}, which starts it on first use,
 * creates in it the user pool (with the configured users), its app client, the identity pool and the auth
 * function, and stops it when the test run ends:
 *
 * <pre>{@code
 * static final LocalStackAwsApi LOCALSTACK = LocalStackAwsApi.builder("localstack/localstack-pro:<tag>")
 *         .authFunction(Path.of("target/auth-function.zip"), "java17", "com.example.AuthHandler::handleRequest")
 *         .build();
 *
 * @RegisterExtension
 * static final IotLocalExtension iot = IotLocalExtension.builder().awsApi(LOCALSTACK).user("alice", "alice-password").build();
 * }</pre>
 *
 * <p>What it needs, none of which the rest of IoT Local does:
 * <ul>
 *   <li>a Docker engine, for Testcontainers; LocalStack runs the function in a container of its own through the
 *       Docker socket, so that socket must be reachable too;</li>
 *   <li>this module, {@code iot-local-testkit-localstack}, on the test class path beside {@code iot-local-testkit}
 *       (it brings Testcontainers' {@code testcontainers-localstack} and the AWS SDK's
 *       {@code cognitoidentityprovider});</li>
 *   <li>a LocalStack image that has Cognito, which is in LocalStack's paid edition ({@code localstack/localstack-pro}),
 *       and its auth token, from {@link #AUTH_TOKEN_VARIABLE} or {@link Builder#authToken(String)};</li>
 *   <li>the auth function's deployment package, runtime and handler: your real auth Lambda or a stand-in. It gets
 *       the user pool in {@link #USER_POOL_ID_VARIABLE} and {@link #APP_CLIENT_ID_VARIABLE}, must log the user of
 *       the payload in to that pool (the app client allows {@code ADMIN_USER_PASSWORD_AUTH} and
 *       {@code USER_PASSWORD_AUTH}) and answer with the ID token at {@code credentials.token}.</li>
 * </ul>
 * Where there is no Docker engine or no auth token, the extension skips the test classes that use it and says why.
 *
 * <p>The price: the emulator cannot know the secrets of LocalStack's credentials, so its WSS door lets them in
 * without checking their signatures ({@link CognitoConfig#acceptForeignCredentials()}).
 *
 * <p>Immutable and thread-safe. Test classes that hand over the same instance (a shared static constant) share one
 * container per emulator configuration.
 */
public final class LocalStackAwsApi implements AwsApiBackend {

    /** The environment variable the auth token is read from unless {@link Builder#authToken(String)} sets one. */
    public static final String AUTH_TOKEN_VARIABLE = "LOCALSTACK_AUTH_TOKEN";
    /** The auth function's environment variable that holds the user pool id. */
    public static final String USER_POOL_ID_VARIABLE = "IOT_LOCAL_USER_POOL_ID";
    /** The auth function's environment variable that holds the user pool's app client id. */
    public static final String APP_CLIENT_ID_VARIABLE = "IOT_LOCAL_APP_CLIENT_ID";
    /** The account LocalStack puts resources in for its default credentials. */
    private static final String LOCALSTACK_ACCOUNT_ID = "000000000000";

    private final String image;
    private final Optional<String> authToken;
    private final AuthFunctionCode authFunction;
    private final Consumer<LocalStackContainer> containerChanges;

    private LocalStackAwsApi(Builder builder) {
        this.image = builder.image;
        this.authToken = builder.authToken;
        this.authFunction = builder.authFunction;
        this.containerChanges = builder.containerChanges;
    }

    /**
     * @param image a LocalStack image with Cognito, {@code localstack/localstack-pro:<tag>}; pin the tag you tested
     *              with, IoT Local names none
     */
    public static Builder builder(String image) {
        return new Builder(image);
    }

    /**
     * Why LocalStack cannot run here, or empty when it can: no Docker engine is reachable, or there is no auth
     * token. Asks Docker the first time, which takes a moment; Testcontainers remembers the answer.
     */
    @Override
    public Optional<String> unavailableReason() {
        List<String> missing = new ArrayList<>();
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            missing.add("no Docker engine is reachable");
        }
        if (authToken.isEmpty()) {
            missing.add(AUTH_TOKEN_VARIABLE + " is not set (Cognito is in LocalStack's paid edition, which needs an auth token)");
        }
        return missing.isEmpty() ? Optional.empty()
                : Optional.of("The LocalStack backend cannot run here: " + String.join("; ", missing)
                        + ". IoT Local's own Cognito and Lambda need neither.");
    }

    /**
     * Starts a container and creates in it, in the configuration's region, what the configuration describes: a
     * user pool with {@link CognitoConfig#users()}, its app client, an identity pool with that user pool as its
     * login provider ({@link CognitoConfig#allowUnauthenticatedIdentities()} as configured) and the auth function
     * named {@link CognitoConfig#authFunctionName()}. The pool ids are LocalStack's own, not the configuration's.
     * Blocks until the function is active. The caller closes what it returns.
     *
     * @throws UncheckedIOException when the function's deployment package cannot be read
     */
    @Override
    public Running start(EmulatorConfig config) {
        byte[] deploymentPackage = authFunction.read();
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(image));
        authToken.ifPresent(token -> container.withEnv(AUTH_TOKEN_VARIABLE, token));
        containerChanges.accept(container);
        container.start();
        try {
            return Running.provision(container, config, authFunction, deploymentPackage);
        } catch (RuntimeException e) {
            container.stop();
            throw e;
        }
    }

    @Override
    public String toString() {
        return "LocalStackAwsApi[" + image + ", auth function " + authFunction.deploymentPackage().getFileName() + " (" + authFunction.runtime()
                + ", " + authFunction.handler() + "), auth token " + (authToken.isPresent() ? "set" : "missing") + "]";
    }

    private record AuthFunctionCode(Path deploymentPackage, String runtime, String handler) {
        byte[] read() {
            try {
                return Files.readAllBytes(deploymentPackage);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the auth function's deployment package " + deploymentPackage, e);
            }
        }
    }

    /** A started LocalStack with everything created in it; closing it stops the container. Thread-safe. */
    public static final class Running implements AwsApiBackend.Running {
        private final LocalStackContainer container;
        private final URI endpoint;
        private final String region;
        private final String identityPoolId;
        private final String userPoolId;
        private final String appClientId;
        private final String authFunctionName;

        private Running(LocalStackContainer container, String region, String identityPoolId, String userPoolId, String appClientId,
                        String authFunctionName) {
            this.container = container;
            this.endpoint = container.getEndpoint();
            this.region = region;
            this.identityPoolId = identityPoolId;
            this.userPoolId = userPoolId;
            this.appClientId = appClientId;
            this.authFunctionName = authFunctionName;
        }

        private static Running provision(LocalStackContainer container, EmulatorConfig config, AuthFunctionCode function,
                                         byte[] deploymentPackage) {
            URI endpoint = container.getEndpoint();
            Region region = Region.of(config.region());
            StaticCredentialsProvider admin = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(container.getAccessKey(), container.getSecretKey()));
            try (CognitoIdentityProviderClient userPools = CognitoIdentityProviderClient.builder()
                         .endpointOverride(endpoint).region(region).credentialsProvider(admin).build();
                 CognitoIdentityClient identityPools = CognitoIdentityClient.builder()
                         .endpointOverride(endpoint).region(region).credentialsProvider(admin).build();
                 LambdaClient lambda = LambdaClient.builder()
                         .endpointOverride(endpoint).region(region).credentialsProvider(admin).build()) {
                // Cognito's default policy would refuse passwords like the built-in user's, which the emulator takes
                String userPoolId = userPools.createUserPool(request -> request.poolName("iot-local")
                        .policies(policies -> policies.passwordPolicy(password -> password.minimumLength(6)
                                .requireUppercase(false).requireLowercase(false).requireNumbers(false).requireSymbols(false))))
                        .userPool().id();
                String appClientId = userPools.createUserPoolClient(request -> request.userPoolId(userPoolId).clientName("iot-local")
                                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH,
                                        ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                        .userPoolClient().clientId();
                for (User user : config.cognito().users()) {
                    userPools.adminCreateUser(request -> request.userPoolId(userPoolId).username(user.username())
                            .messageAction(MessageActionType.SUPPRESS));
                    userPools.adminSetUserPassword(request -> request.userPoolId(userPoolId).username(user.username())
                            .password(user.password()).permanent(true));
                }

                String identityPoolId = identityPools.createIdentityPool(request -> request.identityPoolName("iot_local")
                        .allowUnauthenticatedIdentities(config.cognito().allowUnauthenticatedIdentities())
                        .cognitoIdentityProviders(provider -> provider
                                .providerName("cognito-idp." + config.region() + ".amazonaws.com/" + userPoolId)
                                .clientId(appClientId)))
                        .identityPoolId();
                // AWS insists on the roles; LocalStack does not enforce IAM by default, so they need not exist
                identityPools.setIdentityPoolRoles(request -> request.identityPoolId(identityPoolId).roles(Map.of(
                        "authenticated", role("iot-local-authenticated"), "unauthenticated", role("iot-local-unauthenticated"))));

                lambda.createFunction(request -> request.functionName(config.cognito().authFunctionName())
                        .runtime(function.runtime())
                        .handler(function.handler())
                        .role(role("iot-local-auth-function"))
                        .code(code -> code.zipFile(SdkBytes.fromByteArray(deploymentPackage)))
                        // a cold JVM in a fresh container takes longer than Lambda's default three seconds
                        .timeout(30)
                        .memorySize(512)
                        .environment(environment -> environment.variables(Map.of(
                                USER_POOL_ID_VARIABLE, userPoolId, APP_CLIENT_ID_VARIABLE, appClientId))));
                lambda.waiter().waitUntilFunctionActiveV2(request -> request.functionName(config.cognito().authFunctionName()));
                return new Running(container, config.region(), identityPoolId, userPoolId, appClientId, config.cognito().authFunctionName());
            }
        }

        private static String role(String name) {
            return "arn:aws:iam::" + LOCALSTACK_ACCOUNT_ID + ":role/" + name;
        }

        /** LocalStack's endpoint, for the AWS SDK's {@code endpointOverride}. */
        @Override
        public URI endpoint() {
            return endpoint;
        }

        /** The region everything was created in: the emulator's. */
        public String region() {
            return region;
        }

        @Override
        public String identityPoolId() {
            return identityPoolId;
        }

        @Override
        public String userPoolId() {
            return userPoolId;
        }

        @Override
        public String appClientId() {
            return appClientId;
        }

        @Override
        public String authFunctionName() {
            return authFunctionName;
        }

        /** The container, for anything else (its logs, further resources). */
        public LocalStackContainer container() {
            return container;
        }

        /** Stops the container. */
        @Override
        public void close() {
            container.stop();
        }
    }

    /** Builds a {@link LocalStackAwsApi}. Not thread-safe. */
    public static final class Builder {
        private final String image;
        private Optional<String> authToken = Optional.ofNullable(System.getenv(AUTH_TOKEN_VARIABLE)).filter(token -> !token.isBlank());
        private AuthFunctionCode authFunction;
        private Consumer<LocalStackContainer> containerChanges = container -> { };

        private Builder(String image) {
            if (image == null || image.isBlank()) {
                throw new IllegalArgumentException("Name a LocalStack image with Cognito, such as localstack/localstack-pro:<tag>");
            }
            this.image = image;
        }

        /** The LocalStack auth token; by default the value of {@link #AUTH_TOKEN_VARIABLE}. */
        public Builder authToken(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("A LocalStack auth token must not be blank");
            }
            this.authToken = Optional.of(token);
            return this;
        }

        /**
         * The auth function's code. Required.
         *
         * @param deploymentPackage a Lambda deployment package (zip); read when LocalStack starts
         * @param runtime           a Lambda runtime LocalStack supports, e.g. {@code java17}, {@code python3.12}
         * @param handler           the handler in that runtime's form, e.g. {@code com.example.AuthHandler::handleRequest}
         */
        public Builder authFunction(Path deploymentPackage, String runtime, String handler) {
            this.authFunction = new AuthFunctionCode(Objects.requireNonNull(deploymentPackage, "deploymentPackage").toAbsolutePath(),
                    requireText(runtime, "runtime"), requireText(handler, "handler"));
            return this;
        }

        /** Changes the container before it starts, e.g. {@code container -> container.withEnv("DEBUG", "1")}. */
        public Builder container(Consumer<LocalStackContainer> changes) {
            this.containerChanges = Objects.requireNonNull(changes, "changes");
            return this;
        }

        /** @throws IllegalStateException when no auth function was given */
        public LocalStackAwsApi build() {
            if (authFunction == null) {
                throw new IllegalStateException("The LocalStack backend needs the auth function's code: call authFunction(zip, runtime, handler)");
            }
            return new LocalStackAwsApi(this);
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("The auth function's " + name + " must not be blank");
            }
            return value;
        }
    }
}
