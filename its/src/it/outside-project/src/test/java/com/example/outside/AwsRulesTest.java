package com.example.outside;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.example.outside.scenarios.PublishesQos2;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.opentest4j.AssertionFailedError;

/**
 * A test whose device breaks an AWS IoT rule (a QoS 2 publish) fails, naming the rule, unless it allows violations:
 * inside {@code @Nested} classes too. Runs {@link PublishesQos2} with JUnit's EngineTestKit, since one of its tests
 * must fail.
 */
class AwsRulesTest {

    @Test
    void aNestedTestWhoseDeviceBreaksARuleFailsUnlessItsClassAllowsViolations() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(PublishesQos2.class)).execute();

        results.testEvents().assertThatEvents()
                .haveExactly(1, event(test("breaksTheRule"), finishedWithFailure(instanceOf(AssertionFailedError.class),
                        message(text -> text.contains("QOS_2_NOT_SUPPORTED") && text.contains("'rebel'") && text.contains("@AllowViolations")))))
                .haveExactly(1, event(test("breaksTheRuleOnPurpose"), finishedSuccessfully()));
        results.testEvents().assertStatistics(stats -> stats.started(2).succeeded(1).failed(1));
    }
}
