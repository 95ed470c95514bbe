package dev.iotlocal.testkit.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;

import dev.iotlocal.testkit.IotLocalExtension;
import dev.iotlocal.testkit.localstack.scenarios.LocalStackScenarios;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.testcontainers.DockerClientFactory;

/**
 * The LocalStack backend without LocalStack: the door setting it turns on, its settings, and the clean skip where no
 * Docker engine runs. Everything here runs without Docker; {@link LocalStackSeedFlowTest} is the one that needs it.
 */
class LocalStackBackendTest {

    private static final LocalStackAwsApi LOCALSTACK = LocalStackAwsApi.builder("localstack/localstack-pro:latest")
            .authToken("not-a-real-token")
            .authFunction(Path.of("auth-function.zip"), "python3.12", "auth.handler")
            .build();

    @BeforeEach
    void forget() {
        LocalStackScenarios.RAN.clear();
    }

    @Test
    void theWssDoorAcceptsForeignCredentialsWithTheLocalStackBackend() {
        assertThat(IotLocalExtension.builder().awsApi(LOCALSTACK).build().config().cognito().acceptForeignCredentials()).isTrue();
    }

    @Test
    void aClassWithTheLocalStackBackendIsSkippedSayingWhyWhereNoDockerEngineRuns() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker engine runs here, so nothing is skipped");

        EngineExecutionResults results = run(LocalStackScenarios.UsesLocalStack.class);

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(LocalStackScenarios.UsesLocalStack.class),
                skippedWithReason(reason -> reason.contains("no Docker engine is reachable"))));
        results.testEvents().assertStatistics(stats -> stats.started(0).failed(0));
        assertThat(LocalStackScenarios.RAN).isEmpty();
    }

    @Test
    void withoutADockerEngineTheReasonSaysSo() {
        assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "a Docker engine runs here");

        assertThat(LOCALSTACK.unavailableReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains("no Docker engine is reachable").doesNotContain(LocalStackAwsApi.AUTH_TOKEN_VARIABLE));
    }

    @Test
    void withoutAnAuthTokenTheReasonSaysSo() {
        assumeFalse(System.getenv(LocalStackAwsApi.AUTH_TOKEN_VARIABLE) != null, "an auth token is set in the environment");

        LocalStackAwsApi withoutToken = LocalStackAwsApi.builder("localstack/localstack-pro:latest")
                .authFunction(Path.of("auth-function.zip"), "python3.12", "auth.handler")
                .build();

        assertThat(withoutToken.unavailableReason()).hasValueSatisfying(reason ->
                assertThat(reason).contains(LocalStackAwsApi.AUTH_TOKEN_VARIABLE, "paid edition"));
    }

    @Test
    void theLocalStackBackendNeedsAnImageAndTheAuthFunctionsCode() {
        assertThatThrownBy(() -> LocalStackAwsApi.builder(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localstack/localstack-pro");
        assertThatThrownBy(() -> LocalStackAwsApi.builder("localstack/localstack-pro:latest").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("authFunction(zip, runtime, handler)");
        assertThatThrownBy(() -> LocalStackAwsApi.builder("localstack/localstack-pro:latest")
                .authFunction(Path.of("auth.zip"), "", "auth.handler")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("runtime");
        assertThatThrownBy(() -> LocalStackAwsApi.builder("localstack/localstack-pro:latest").authToken(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LOCALSTACK.toString()).contains("auth token set").doesNotContain("not-a-real-token");
    }

    private static EngineExecutionResults run(Class<?> scenario) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(scenario)).execute();
        results.allEvents().failed().stream().forEach(event -> event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .ifPresent(failure -> System.err.println("Scenario " + event.getTestDescriptor().getDisplayName() + " failed: " + failure)));
        return results;
    }
}
