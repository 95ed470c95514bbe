package dev.iotlocal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;

import dev.iotlocal.testkit.scenarios.OtherAwsApiScenarios;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * Cognito and the auth Lambda from elsewhere ({@link IotLocalExtension.Builder#awsApi}): an endpoint given, or an
 * {@link AwsApiBackend} the extension starts, shares, closes, or skips saying why.
 */
@ExtendWith(CrtResources.class)
class OtherAwsApiTest {

    @BeforeEach
    void forget() {
        OtherAwsApiScenarios.RAN.clear();
        OtherAwsApiScenarios.STARTED.clear();
    }

    @Test
    void theWssDoorAcceptsForeignCredentialsOnlyWithAnotherAwsApi() {
        assertThat(IotLocalExtension.builder().build().config().cognito().acceptForeignCredentials()).isFalse();
        assertThat(new IotLocalExtension().config().cognito().acceptForeignCredentials()).isFalse();
        assertThat(IotLocalExtension.builder().awsApi(URI.create("http://localhost:4566")).build().config().cognito().acceptForeignCredentials()).isTrue();
        assertThat(IotLocalExtension.builder().awsApi(new OtherAwsApiScenarios.AnotherEmulator(Optional.empty())).build()
                .config().cognito().acceptForeignCredentials()).isTrue();
        assertThat(IotLocalExtension.builder().configure(config -> config.cognito(cognito -> cognito.acceptForeignCredentials(false)))
                .awsApi(URI.create("http://localhost:4566")).build().config().cognito().acceptForeignCredentials())
                .as("turned on whatever the configuration said").isTrue();
    }

    @Test
    void cognitoAndTheAuthLambdaAtAnotherEndpointServeInjectedClientsAndConnections() {
        EngineExecutionResults results = run(selectClass(OtherAwsApiScenarios.CognitoAndLambdaAtAnotherEndpoint.class));

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(OtherAwsApiScenarios.RAN).containsExactlyInAnyOrder(
                "theServerConnectsWithTheOtherCognitosCredentials", "injectedAwsClientsAndTheRuntimeNameTheOtherEndpoint");
    }

    @Test
    void aBackendIsStartedOncePerRunServesEveryClassAndIsClosedWhenTheRunEnds() {
        EngineExecutionResults results = run(selectClass(OtherAwsApiScenarios.FirstClassOnABackend.class),
                selectClass(OtherAwsApiScenarios.SecondClassOnTheSameBackend.class));

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(OtherAwsApiScenarios.RAN).containsExactlyInAnyOrder("theServerLogsInThroughTheBackend", "injectedClientsUseTheSameBackend");
        assertThat(OtherAwsApiScenarios.STARTED).hasSize(1);
        URI backend = OtherAwsApiScenarios.STARTED.get(0).endpoints().awsApiEndpoint();
        assertThatThrownBy(() -> new Socket(backend.getHost(), backend.getPort()).close())
                .as("closed when the run ended").isInstanceOf(IOException.class);
    }

    @Test
    void aClassWhoseBackendCannotRunHereIsSkippedWithTheBackendsReasonAndNothingStarts() {
        EngineExecutionResults results = run(selectClass(OtherAwsApiScenarios.OnABackendThatCannotRunHere.class));

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(OtherAwsApiScenarios.OnABackendThatCannotRunHere.class),
                skippedWithReason("The other emulator needs a licence this machine lacks")));
        results.testEvents().assertStatistics(stats -> stats.started(0));
        assertThat(OtherAwsApiScenarios.RAN).isEmpty();
        assertThat(OtherAwsApiScenarios.STARTED).isEmpty();
    }

    private static EngineExecutionResults run(DiscoverySelector... selectors) {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectors).execute();
        results.allEvents().failed().stream().forEach(event -> event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .ifPresent(failure -> System.err.println("Scenario " + event.getTestDescriptor().getDisplayName() + " failed: " + failure)));
        return results;
    }
}
