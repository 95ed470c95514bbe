package dev.iotlocal.testkit;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.EmulatorFaults;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificates;
import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.journal.RuleViolation;
import dev.iotlocal.emulator.rules.AwsIotRules;
import dev.iotlocal.emulator.rules.RetainedMessages;
import dev.iotlocal.testkit.internal.AwsApiTarget;
import dev.iotlocal.testkit.internal.SharedEmulator;
import dev.iotlocal.testkit.internal.TestClients;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit 5 extension behind {@link IotLocalTest}: a local AWS IoT Core, Cognito and auth Lambda for the
 * test class, started once per configuration per test run, reset before each test, closed when the run ends.
 * Register it with {@code @RegisterExtension} for anything configurable:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final IotLocalExtension iot = IotLocalExtension.builder()
 *         .retainedMessages(RetainedMessages.AWS)
 *         .user("alice", "alice-password")
 *         .credentialLifetime(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * Test methods can take an {@link IotLocalRuntime}, a {@link Recording}, the {@link IotEmulator}, its
 * {@link EmulatorFaults} and {@link DeviceCertificates}, AWS SDK v2 {@code CognitoIdentityClient} and
 * {@code LambdaClient} pointed at the emulator, an {@code IotClient} for AWS IoT's control plane signed with the
 * account's key, and connected clients: {@link Device @Device} or {@link CognitoUser @CognitoUser}
 * {@code MqttClientConnection} or {@code Mqtt5Client}. What a test creates in the account (things, certificates,
 * groups, policies) is removed when it ends; what the class's set-up created stays.
 *
 * <p>A test fails when it ends if its code broke an AWS IoT rule ({@link AllowViolations} lets it) or if AWS IoT's
 * policies denied one of its clients something the test did not await with {@link Recording#denied(String, String)}
 * ({@link AllowDenials} lets it): the failure lists each with what to change. A {@link Device @Device} gets the
 * emulator's default policy unless it names its own ({@link Device#policy()}). Thread-safe: test
 * classes may run in parallel; tests that share an emulator take turns. Works on JUnit Jupiter 5.10 and later,
 * 6 included.
 *
 * <p>Cognito Identity and the auth Lambda, and with them the injected AWS clients, can come from elsewhere, such as
 * LocalStack, while the broker stays the emulator: see {@link Builder#awsApi(URI)} and
 * {@link Builder#awsApi(AwsApiBackend)}.
 */
public final class IotLocalExtension implements ExecutionCondition, BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(IotLocalExtension.class);
    private static final String TEST_STATE = "test";

    private final EmulatorConfig config;
    private final Optional<Boolean> failOnViolations;
    private final Optional<Boolean> failOnDenials;
    private final Duration awaitTimeout;
    /** Where Cognito and Lambda calls go instead of the emulator's stubs. */
    private final Optional<AwsApiBackend> awsApi;

    /** The zero-configuration extension of {@link IotLocalTest}. */
    public IotLocalExtension() {
        this(new Builder());
    }

    private IotLocalExtension(Builder builder) {
        this.awsApi = builder.awsApi;
        // the test kit's assertions need every message recorded
        EmulatorConfig.Builder emulator = builder.config.journal(journal -> journal.recordMessages(true).unbounded());
        if (awsApi.isPresent()) {
            // the emulator cannot verify signatures made with credentials another Cognito issued
            emulator.cognito(cognito -> cognito.acceptForeignCredentials(true));
        }
        this.config = emulator.build();
        this.failOnViolations = builder.failOnViolations;
        this.failOnDenials = builder.failOnDenials;
        this.awaitTimeout = builder.awaitTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The emulator configuration this extension runs (the same one is shared by equal configurations). */
    public EmulatorConfig config() {
        return config;
    }

    /** Skips the tests, saying why, when the {@link AwsApiBackend} cannot run here; everything else runs anywhere. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return awsApi.flatMap(AwsApiBackend::unavailableReason)
                .map(ConditionEvaluationResult::disabled)
                .orElseGet(() -> ConditionEvaluationResult.enabled("IoT Local can run here"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        awsApi(context, shared(context));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        SharedEmulator shared = shared(context);
        AwsApiTarget awsApi = awsApi(context, shared);
        shared.beginTest();
        context.getStore(NAMESPACE).put(TEST_STATE, new TestState(shared, new Recording(shared.emulator().journal(), awaitTimeout),
                new TestClients(shared.emulator(), shared.caCertificateFile(), awsApi)));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestState state = context.getStore(NAMESPACE).remove(TEST_STATE, TestState.class);
        if (state == null) {
            return;
        }
        try {
            state.clients.close();
            List<String> failures = new ArrayList<>();
            List<RuleViolation> violations = state.shared.emulator().journal().violations();
            if (!violations.isEmpty() && fails(context, AllowViolations.class, failOnViolations, IotLocalTest::failOnViolations)) {
                failures.add("This test broke AWS IoT rules; AWS IoT would have done what the emulator did:" + listed(violations)
                        + "\n(@AllowViolations on the test lets it break rules on purpose.)");
            }
            List<PolicyDenial> denials = state.recording.unexpectedDenials();
            if (!denials.isEmpty() && fails(context, AllowDenials.class, failOnDenials, IotLocalTest::failOnDenials)) {
                failures.add("AWS IoT's policies denied this test's clients what AWS IoT would deny them:" + listed(denials)
                        + "\n(A test that expects a denial awaits it with recording.denied(action, resource).await();"
                        + " @AllowDenials on the test allows any.)");
            }
            if (!failures.isEmpty()) {
                throw new AssertionFailedError(String.join("\n", failures));
            }
        } finally {
            state.shared.endTest();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == IotLocalRuntime.class || type == Recording.class || type == IotEmulator.class
                || type == EmulatorFaults.class || type == DeviceCertificates.class || TestClients.supports(parameter);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        SharedEmulator shared = shared(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == IotLocalRuntime.class) {
            return new IotLocalRuntime(shared.emulator(), shared.caCertificateFile(), awsApi(context, shared));
        }
        if (type == IotEmulator.class) {
            return shared.emulator();
        }
        if (type == EmulatorFaults.class) {
            return shared.emulator().faults();
        }
        if (type == DeviceCertificates.class) {
            return shared.emulator().certificates();
        }
        TestState state = context.getStore(NAMESPACE).get(TEST_STATE, TestState.class);
        if (state == null) {
            throw new ParameterResolutionException(type.getSimpleName() + " is only available to test methods, not to "
                    + parameter.getDeclaringExecutable());
        }
        if (type == Recording.class) {
            return state.recording;
        }
        return state.clients.resolve(parameter);
    }

    private SharedEmulator shared(ExtensionContext context) {
        return closedWithTheRun(context, config, SharedEmulator::start);
    }

    /** The emulator's own Cognito and Lambda, or the backend given, started once per run and configuration. */
    private AwsApiTarget awsApi(ExtensionContext context, SharedEmulator shared) {
        if (awsApi.isPresent()) {
            AwsApiBackend.Running running = closedWithTheRun(context, new BackendKey(awsApi.get(), config),
                    key -> key.backend().start(key.config()));
            return new AwsApiTarget(running.endpoint(), running.identityPoolId(), running.userPoolId(), running.appClientId(),
                    running.authFunctionName());
        }
        return AwsApiTarget.named(shared.emulator().endpoints().awsApiEndpoint(), config);
    }

    /** What the root store holds under {@code key}, made by {@code start} the first time and closed when the run ends. */
    private static <K, T extends AutoCloseable> T closedWithTheRun(ExtensionContext context, K key, Function<K, T> start) {
        @SuppressWarnings("unchecked")
        ClosedWithTheRun<T> resource = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(key, k -> new ClosedWithTheRun<>(start.apply(k)), ClosedWithTheRun.class);
        return resource.value();
    }

    /**
     * Whether what {@code allowing} allows fails this test: not where the test or a class around it carries
     * {@code allowing}; otherwise as the builder says, or else as the innermost {@link IotLocalTest} says.
     */
    private static boolean fails(ExtensionContext context, Class<? extends Annotation> allowing, Optional<Boolean> configured,
                                 Predicate<IotLocalTest> annotated) {
        List<Class<?>> testClasses = testClassesOutwards(context);
        boolean allowedHere = context.getTestMethod().map(method -> AnnotationSupport.isAnnotated(method, allowing)).orElse(false)
                || testClasses.stream().anyMatch(type -> AnnotationSupport.isAnnotated(type, allowing));
        if (allowedHere) {
            return false;
        }
        return configured.orElseGet(() -> testClasses.stream()
                .flatMap(type -> AnnotationSupport.findAnnotation(type, IotLocalTest.class).stream())
                .findFirst()
                .map(annotated::test)
                .orElse(true));
    }

    private static String listed(List<?> entries) {
        return entries.stream().map(entry -> "\n  " + entry).collect(Collectors.joining());
    }

    /**
     * The test's class, then the classes a {@code @Nested} one runs in, innermost first: a nested class follows the
     * classes around it. Walks the contexts because {@code ExtensionContext.getEnclosingTestClasses()} is JUnit 5.12's.
     */
    private static List<Class<?>> testClassesOutwards(ExtensionContext context) {
        List<Class<?>> classes = new ArrayList<>();
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent(); current = current.get().getParent()) {
            current.get().getTestClass()
                    .filter(type -> classes.isEmpty() || classes.get(classes.size() - 1) != type)
                    .ifPresent(classes::add);
        }
        return classes;
    }

    /** What one test holds: its turn on the shared emulator, its recording and the clients made for it. */
    private record TestState(SharedEmulator shared, Recording recording, TestClients clients) {}

    /** One backend per backend and emulator configuration, since what is created in it follows the configuration. */
    private record BackendKey(AwsApiBackend backend, EmulatorConfig config) {}

    /**
     * A root store value JUnit closes when the run ends: 5.13 and later close {@link AutoCloseable} values (once),
     * earlier versions only {@code CloseableResource} ones, which 5.13 deprecates. What it holds does not throw
     * {@code InterruptedException} on close.
     */
    @SuppressWarnings({"deprecation", "try"})
    private record ClosedWithTheRun<T extends AutoCloseable>(T value) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            value.close();
        }
    }

    /** {@link Builder#awsApi(URI)}: a backend that runs already and holds what the emulator configuration names. */
    private record EndpointGiven(URI endpoint) implements AwsApiBackend {
        @Override
        public Running start(EmulatorConfig config) {
            return AwsApiTarget.named(endpoint, config);
        }
    }

    /** Builds an {@link IotLocalExtension}; starts from the emulator's defaults. Not thread-safe. */
    public static final class Builder {
        private EmulatorConfig.Builder config = EmulatorConfig.builder();
        private Optional<Boolean> failOnViolations = Optional.empty();
        private Optional<Boolean> failOnDenials = Optional.empty();
        private Duration awaitTimeout = Duration.ofSeconds(5);
        private Optional<AwsApiBackend> awsApi = Optional.empty();

        private Builder() {}

        /** Starts from a complete emulator configuration. */
        public Builder config(EmulatorConfig config) {
            this.config = Objects.requireNonNull(config, "config").toBuilder();
            return this;
        }

        /** Changes the emulator configuration in place, for settings without a shortcut here. */
        public Builder configure(Consumer<EmulatorConfig.Builder> changes) {
            changes.accept(config);
            return this;
        }

        /** The AWS IoT rules the broker enforces; see {@link AwsIotRules}. */
        public Builder rules(AwsIotRules rules) {
            config.rules(rules);
            return this;
        }

        /** The retained-message profile, keeping the other rules. */
        public Builder retainedMessages(RetainedMessages profile) {
            config.rules(rules -> rules.retainedMessages(profile));
            return this;
        }

        /** Adds a user the auth Lambda logs in. */
        public Builder user(String username, String password) {
            config.cognito(cognito -> cognito.addUser(username, password));
            return this;
        }

        /** How long issued AWS credentials live. */
        public Builder credentialLifetime(Duration lifetime) {
            config.cognito(cognito -> cognito.credentialLifetime(lifetime));
            return this;
        }

        /** Fixed ports instead of free ones (0 keeps a free one). */
        public Builder ports(int mtlsPort, int wssPort, int awsApiPort) {
            config.listeners(listeners -> listeners.mtlsPort(mtlsPort).wssPort(wssPort).awsApiPort(awsApiPort));
            return this;
        }

        /** Whether breaking an AWS IoT rule fails the test (default: yes). */
        public Builder failOnViolations(boolean fail) {
            this.failOnViolations = Optional.of(fail);
            return this;
        }

        /**
         * Whether a policy denial the test did not await fails the test (default: yes); see
         * {@link IotLocalTest#failOnDenials()}. Which policies apply is the emulator configuration's
         * ({@code configure(config -> config.policies(...))}) and the test's.
         */
        public Builder failOnDenials(boolean fail) {
            this.failOnDenials = Optional.of(fail);
            return this;
        }

        /**
         * Sends the Cognito Identity and Lambda calls of injected clients and {@link CognitoUser @CognitoUser}
         * connections to {@code endpoint} instead of the emulator's own stubs: a LocalStack that runs already, for
         * instance. The identity pool, user pool, app client and function are the ones the emulator configuration
         * names: set them with {@link #configure} to what exists there, and configure the same users. The broker
         * stays the emulator. {@link IotLocalRuntime#awsEndpoint()} reports this endpoint.
         *
         * <p>Weakens the WSS door: the emulator cannot know the secrets of credentials another Cognito issued, so it
         * lets them in without verifying their signatures ({@link dev.iotlocal.emulator.cognito.CognitoConfig#acceptForeignCredentials()}).
         * Replaces {@link #awsApi(AwsApiBackend)}.
         */
        public Builder awsApi(URI endpoint) {
            return awsApi(new EndpointGiven(Objects.requireNonNull(endpoint, "endpoint")));
        }

        /**
         * Takes Cognito Identity, the user pool and the auth Lambda from {@code backend}, such as
         * {@code LocalStackAwsApi} of {@code iot-local-testkit-localstack}: started before the first test class that
         * needs it and closed when the run ends, with the pools, the configured users and the function created in it
         * (their ids are the backend's; {@link IotLocalRuntime} reports them). Test classes are skipped, saying why,
         * where the backend cannot run ({@link AwsApiBackend#unavailableReason()}). Weakens the WSS door exactly as
         * {@link #awsApi(URI)} does, which it replaces.
         */
        public Builder awsApi(AwsApiBackend backend) {
            this.awsApi = Optional.of(Objects.requireNonNull(backend, "backend"));
            return this;
        }

        /** How long {@link Recording}'s assertions wait (default five seconds). */
        public Builder awaitTimeout(Duration timeout) {
            this.awaitTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public IotLocalExtension build() {
            return new IotLocalExtension(this);
        }
    }
}
