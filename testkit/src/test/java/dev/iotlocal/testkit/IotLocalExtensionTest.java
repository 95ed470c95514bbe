package dev.iotlocal.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.testkit.scenarios.PolicyScenarios;
import dev.iotlocal.testkit.scenarios.Scenarios;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The extension itself, driven through JUnit's EngineTestKit as a test suite would use it. */
@ExtendWith(CrtResources.class)
class IotLocalExtensionTest {

    @BeforeEach
    void forget() {
        Scenarios.EMULATORS_SEEN.clear();
        Scenarios.JOURNAL_SIZES_AT_START.clear();
    }

    @Test
    void oneEmulatorPerConfigurationIsStartedAndClosedAtTheEnd() {
        EngineExecutionResults results = run(selectClass(Scenarios.FirstDefaultClass.class), selectClass(Scenarios.SecondDefaultClass.class),
                selectClass(Scenarios.OtherConfigurationClass.class));

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        assertThat(Scenarios.EMULATORS_SEEN).hasSize(3);
        assertThat(Scenarios.EMULATORS_SEEN.get(1)).as("same configuration, same emulator").isSameAs(Scenarios.EMULATORS_SEEN.get(0));
        assertThat(Scenarios.EMULATORS_SEEN.get(2)).as("another configuration").isNotSameAs(Scenarios.EMULATORS_SEEN.get(0));
        for (IotEmulator emulator : Scenarios.EMULATORS_SEEN) {
            assertThatThrownBy(() -> new Socket(emulator.endpoints().host(), emulator.endpoints().mtlsPort()).close())
                    .as("closed when the run ended").isInstanceOf(IOException.class);
        }
    }

    @Test
    void everyTestStartsWithAnEmptyEmulator() {
        run(selectClass(Scenarios.ResetBetweenTests.class)).testEvents().assertStatistics(stats -> stats.succeeded(2));
        assertThat(Scenarios.JOURNAL_SIZES_AT_START).as("nothing of the first test is left in the second").containsExactly(0);
    }

    @Test
    void whatATestCreatesInTheAccountIsGoneForTheNextWhileTheClassSetUpStays() {
        Scenarios.THINGS_SEEN.clear();
        run(selectClass(Scenarios.AccountBetweenTests.class)).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(Scenarios.THINGS_SEEN).containsExactly(
                List.of("made-by-the-first-test", "set-up-by-the-class"),
                List.of("set-up-by-the-class"),
                List.of("certificates: 0"));
    }

    @Test
    void everyParameterIsResolvedAndInjectedClientsWork() {
        run(selectClass(Scenarios.EveryParameter.class)).testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
    }

    @Test
    void aTestThatBreaksAnAwsRuleFailsNamingTheRuleAndClientUnlessAllowed() {
        EngineExecutionResults results = run(selectClass(Scenarios.BreaksARule.class), selectClass(Scenarios.AllowsViolationsForTheClass.class),
                selectClass(Scenarios.AllowsViolationsAroundANestedClass.class));

        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("publishesQos2"), finishedWithFailure(message(text ->
                        text.contains("QOS_2_NOT_SUPPORTED") && text.contains("'rebel'") && text.contains("@AllowViolations")))))
                .haveExactly(1, event(test("publishesQos2OnPurpose"), finishedSuccessfully()));
        results.testEvents().assertStatistics(stats -> stats.started(5).succeeded(4).failed(1));
    }

    @Test
    void aFailedAssertionSaysWhatWasExpectedAndWhatWasRecorded() {
        EngineExecutionResults results = run(selectClass(Scenarios.FailingAssertion.class));

        results.testEvents().assertThatEvents().haveExactly(1, event(test("expectsSomethingElse"), finishedWithFailure(message(text ->
                text.contains("Expected within 300 ms a publish to 'expected/topic' with payload 'hello'")
                        && text.contains("Recorded 1:")
                        && text.contains("'chatty' published to 'actual/topic' (QoS 1): hello")))));
    }

    @Test
    void awaitingTheSameMessageTwiceAccountsForTwoPublishes() {
        run(selectClass(Scenarios.SameMessageTwice.class)).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void nestedClassesShareTheOuterClassesEmulator() {
        run(selectClass(Scenarios.Outer.class)).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
        assertThat(Scenarios.EMULATORS_SEEN).hasSize(2);
        assertThat(Scenarios.EMULATORS_SEEN.get(1)).isSameAs(Scenarios.EMULATORS_SEEN.get(0));
    }

    @Test
    void parallelClassesDoNotSeeEachOthersTraffic() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                .selectors(selectClass(Scenarios.ParallelA.class), selectClass(Scenarios.ParallelB.class))
                .execute();
        reported(results);
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    void faultsAreUsableFromATestAndRecorded() {
        run(selectClass(Scenarios.InjectsAFault.class)).testEvents().assertStatistics(stats -> stats.succeeded(1));
    }

    @Test
    void aTestWhoseDeviceIsDeniedFailsListingTheDenialUnlessItAllowsOrAwaitsIt() {
        EngineExecutionResults results = run(selectClass(PolicyScenarios.PublishesOutsideItsPolicy.class));

        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("publishesToAnotherThingsTopic"), finishedWithFailure(message(text ->
                        text.contains("IMPLICIT_DENY of iot:Publish on topic/dt/other/temp for client 'thermostat'")
                                && text.contains("thermostat-policy")
                                && text.contains("recording.denied(action, resource).await()")
                                && text.contains("@AllowDenials")))))
                .haveExactly(1, event(test("publishesToAnotherThingsTopicOnPurpose"), finishedSuccessfully()))
                .haveExactly(1, event(test("awaitsTheDenialItExpects"), finishedSuccessfully()))
                .haveExactly(1, event(test("awaitsADenialByItsArnAndDecision"), finishedSuccessfully()));
        results.testEvents().assertStatistics(stats -> stats.started(4).succeeded(3).failed(1));
    }

    @Test
    void denialsAreAllowedForAClassByItsAnnotationOrAnOuterClass() {
        EngineExecutionResults results = run(selectClass(PolicyScenarios.AllowsDenialsForTheClass.class),
                selectClass(PolicyScenarios.AllowsDenialsAroundANestedClass.class));

        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    void awaitingADenialThatDoesNotHappenFailsListingTheDenialsRecorded() {
        EngineExecutionResults results = run(selectClass(PolicyScenarios.AwaitsADenialThatDoesNotHappen.class));

        results.testEvents().assertThatEvents().haveExactly(1, event(test("expectsADenialOfAnAllowedPublish"), finishedWithFailure(message(text ->
                text.contains("Expected within 300 ms a denial of iot:Publish on 'topic/dt/thermostat/temp', but none matched. Recorded 1:")
                        && text.contains("IMPLICIT_DENY of iot:Publish on topic/dt/other/temp for client 'thermostat'")))));
    }

    @Test
    void aDeviceWithAResourcePolicyHasExactlyThatPolicy() {
        run(selectClass(PolicyScenarios.ResourcePolicy.class)).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void aDeviceWithAnInlinePolicyHasExactlyThatPolicy() {
        run(selectClass(PolicyScenarios.InlinePolicy.class)).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void aPlainDeviceKeepsTheDefaultPolicy() {
        run(selectClass(PolicyScenarios.DefaultPolicy.class)).testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    }

    @Test
    void aPolicyTheClassCreatedGetsANewDefaultVersionForOneTest() {
        run(selectClass(PolicyScenarios.PolicyTheClassCreated.class)).testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
    }

    @Test
    void aPolicyThatCannotApplyFailsTheParameterSayingWhy() {
        EngineExecutionResults results = run(selectClass(PolicyScenarios.PoliciesThatCannotApply.class));

        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("namesAResourceThatIsNotThere"), finishedWithFailure(instanceOf(ParameterResolutionException.class),
                        message(text -> text.contains("policies/missing.json") && text.contains("no resource of that name")))))
                .haveExactly(1, event(test("namesAMalformedDocument"), finishedWithFailure(instanceOf(ParameterResolutionException.class),
                        message(text -> text.contains("broken-policy") && text.contains("MalformedPolicyException")))))
                .haveExactly(1, event(test("doesNotAllowTheConnect"), finishedWithFailure(instanceOf(ParameterResolutionException.class),
                        message(text -> text.contains("could not connect") && text.contains("IMPLICIT_DENY of iot:Connect on client/mute")))))
                .haveExactly(1, event(test("givesOneThingTwoPolicies"), finishedWithFailure(instanceOf(ParameterResolutionException.class),
                        message(text -> text.contains("Two @Device(\"twin\") parameters name different policies")))));
    }

    private static EngineExecutionResults run(DiscoverySelector... selectors) {
        return reported(EngineTestKit.engine("junit-jupiter").selectors(selectors).execute());
    }

    /** Prints why scenario tests failed, so a failure here can be read without rerunning. */
    private static EngineExecutionResults reported(EngineExecutionResults results) {
        results.testEvents().failed().stream().forEach(event -> event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .ifPresent(failure -> System.err.println("Scenario " + event.getTestDescriptor().getDisplayName() + " failed: " + failure)));
        return results;
    }
}
