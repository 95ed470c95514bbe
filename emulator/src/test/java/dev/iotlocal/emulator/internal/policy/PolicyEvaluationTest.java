package dev.iotlocal.emulator.internal.policy;

import static dev.iotlocal.emulator.internal.policy.PolicyFixture.arn;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.context;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.decision;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.evaluate;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.names;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.set;
import static dev.iotlocal.emulator.internal.policy.PolicyFixture.statement;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evaluation algorithm of the reference (A.1, A.2, A.5, A.6) and TestAuthorization's account of it (E), from a
 * compiled policy through {@link PreparedAction} to an {@link Evaluation}.
 */
class PolicyEvaluationTest {

    private static final String ALLOW_PUBLISH_A = statement(
            "\"Effect\": \"Allow\", \"Action\": \"iot:Publish\", \"Resource\": \"" + arn("topic/a") + "\"");
    private static final String ALLOW_PUBLISH_EVERYWHERE = statement(
            "\"Effect\": \"Allow\", \"Action\": \"iot:*\", \"Resource\": \"*\"");
    private static final String DENY_PUBLISH_A = statement(
            "\"Effect\": \"Deny\", \"Action\": \"iot:Publish\", \"Resource\": \"" + arn("topic/a") + "\"");

    @Test
    void aRequestNoStatementMatchesIsImplicitlyDenied() {
        Evaluation evaluation = evaluate(set(ALLOW_PUBLISH_A), "iot:Publish", arn("topic/b"), RequestContext.EMPTY);

        assertThat(evaluation.decision()).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(names(evaluation.implicitDeny())).containsExactly("p1");
        assertThat(evaluation.allowed()).isEmpty();
        assertThat(evaluation.explicitDeny()).isEmpty();
    }

    @Test
    void aPrincipalWithoutPoliciesIsImplicitlyDenied() {
        assertThat(decision(set(), "iot:Connect", arn("client/c1"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void anExplicitDenyBeatsTwoAllows() {
        Evaluation evaluation = evaluate(set(ALLOW_PUBLISH_A, ALLOW_PUBLISH_EVERYWHERE, DENY_PUBLISH_A), "iot:Publish",
                arn("topic/a"), RequestContext.EMPTY);

        assertThat(evaluation.decision()).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(names(evaluation.allowed())).containsExactly("p1", "p2");
        assertThat(names(evaluation.explicitDeny())).containsExactly("p3");
        assertThat(evaluation.implicitDeny()).isEmpty();
    }

    @Test
    void aDenyStatementBeatsAnAllowStatementOfTheSamePolicy() {
        String policy = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Deny", "Action": "iot:Publish", "Resource": "%s"},
                  {"Effect": "Allow", "Action": "iot:Publish", "Resource": "*"}]}""".formatted(arn("topic/secret/*"));

        assertThat(decision(set(policy), "iot:Publish", arn("topic/secret/x"))).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(decision(set(policy), "iot:Publish", arn("topic/public/x"))).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void aDenyForAnotherResourceDeniesNothing() {
        Evaluation evaluation = evaluate(set(ALLOW_PUBLISH_EVERYWHERE, DENY_PUBLISH_A), "iot:Publish", arn("topic/b"),
                RequestContext.EMPTY);

        assertThat(evaluation.decision()).isEqualTo(Decision.ALLOWED);
        assertThat(names(evaluation.allowed())).containsExactly("p1");
        assertThat(names(evaluation.implicitDeny())).containsExactly("p2");
    }

    @Test
    void evaluationListsEachPolicyByWhatItDid() {
        Map<String, String> policies = new LinkedHashMap<>();
        policies.put("allows", ALLOW_PUBLISH_A);
        policies.put("unrelated", statement("\"Effect\": \"Allow\", \"Action\": \"iot:Subscribe\", \"Resource\": \"*\""));
        policies.put("denies", statement("\"Effect\": \"Deny\", \"Action\": \"iot:*\", \"Resource\": \"" + arn("topic/*") + "\""));

        Evaluation evaluation = evaluate(set(policies), "iot:Publish", arn("topic/a"), RequestContext.EMPTY);

        assertThat(evaluation.action()).isEqualTo("iot:Publish");
        assertThat(evaluation.resource()).isEqualTo(arn("topic/a"));
        assertThat(evaluation.allowed()).containsExactly(new Evaluation.PolicyRef("allows", arn("policy/allows")));
        assertThat(evaluation.explicitDeny()).containsExactly(new Evaluation.PolicyRef("denies", arn("policy/denies")));
        assertThat(evaluation.implicitDeny()).containsExactly(new Evaluation.PolicyRef("unrelated", arn("policy/unrelated")));
        assertThat(evaluation.missingContextValues()).isEmpty();
    }

    @Test
    void anAllowedEvaluationListsNoDenyingPolicy() {
        Evaluation evaluation = evaluate(set(ALLOW_PUBLISH_A), "iot:Publish", arn("topic/a"), RequestContext.EMPTY);

        assertThat(evaluation.isAllowed()).isTrue();
        assertThat(names(evaluation.allowed())).containsExactly("p1");
        assertThat(evaluation.explicitDeny()).isEmpty();
        assertThat(evaluation.implicitDeny()).isEmpty();
    }

    @Test
    void notActionCoversEveryActionButThoseListed() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"NotAction\": [\"iot:Publish\", \"iot:Retain*\"], \"Resource\": \"*\""));

        assertThat(decision(set, "iot:Subscribe", arn("topicfilter/a"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Publish", arn("topic/a"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(set, "iot:RetainPublish", arn("topic/a"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(set, "IOT:PUBLISH", arn("topic/a"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void aDenyWithNotActionDeniesEveryOtherAction() {
        PolicySet set = set(ALLOW_PUBLISH_EVERYWHERE,
                statement("\"Effect\": \"Deny\", \"NotAction\": \"iot:Connect\", \"Resource\": \"" + arn("topic/private/*") + "\""));

        assertThat(decision(set, "iot:Publish", arn("topic/private/x"))).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(decision(set, "iot:Publish", arn("topic/public/x"))).isEqualTo(Decision.ALLOWED);
    }

    @Test
    void aListOfResourcesMatchesAnyOfThem() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\", \"Resource\": [\""
                + arn("topic/a") + "\", \"" + arn("topic/b/*") + "\"]"));

        assertThat(decision(set, "iot:Publish", arn("topic/a"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Publish", arn("topic/b/c"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Publish", arn("topic/c"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void notResourceMatchesEveryResourceButThoseListed() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\", \"NotResource\": \"" + arn("topic/admin/*") + "\""));

        assertThat(decision(set, "iot:Publish", arn("topic/telemetry"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Publish", arn("topic/admin/reset"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    /** The developer guide's remedy (A.4): a Deny on a topic filter does not stop {@code a/#}, NotResource on Receive does. */
    @Test
    void receiveWithNotResourceHidesASubtreeThatAWildcardSubscriptionReaches() {
        PolicySet set = set("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "%s"},
                  {"Effect": "Deny", "Action": "iot:Subscribe", "Resource": "%s"},
                  {"Effect": "Allow", "Action": "iot:Receive", "NotResource": "%s"}]}"""
                .formatted(arn("topicfilter/a/*"), arn("topicfilter/a/restricted/*"), arn("topic/a/restricted/*")));

        assertThat(decision(set, "iot:Subscribe", arn("topicfilter/a/#"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Subscribe", arn("topicfilter/a/restricted/#"))).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(decision(set, "iot:Receive", arn("topic/a/open/x"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Receive", arn("topic/a/restricted/x"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void aSubscribeFilterIsComparedLiterallyWithThePolicy() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Subscribe\", \"Resource\": \"" + arn("topicfilter/some/+/topic") + "\""));

        assertThat(decision(set, "iot:Subscribe", arn("topicfilter/some/+/topic"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Subscribe", arn("topicfilter/some/a/topic"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(set, "iot:Subscribe", arn("topicfilter/some/#"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void onlyStatementsWhoseConditionsHoldApply() {
        PolicySet set = set("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Publish", "Resource": "*",
                   "Condition": {"StringEquals": {"iot:ClientId": "sensor-1"}}},
                  {"Effect": "Deny", "Action": "iot:Publish", "Resource": "*",
                   "Condition": {"StringEquals": {"iot:ClientId": "intruder"}}}]}""");

        assertThat(decision(set, "iot:Publish", arn("topic/a"), context("{\"iot:ClientId\": [\"sensor-1\"]}"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Publish", arn("topic/a"), context("{\"iot:ClientId\": [\"sensor-2\"]}"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(set, "iot:Publish", arn("topic/a"), context("{\"iot:ClientId\": [\"intruder\"]}"))).isEqualTo(Decision.EXPLICIT_DENY);
    }

    @Test
    void aPolicyWhoseConditionDoesNotHoldIsListedAsImplicitDeny() {
        PolicySet set = set(ALLOW_PUBLISH_A, statement("\"Effect\": \"Deny\", \"Action\": \"iot:Publish\", \"Resource\": \"*\", "
                + "\"Condition\": {\"Bool\": {\"iot:Connection.Thing.IsAttached\": false}}"));

        Evaluation evaluation = evaluate(set, "iot:Publish", arn("topic/a"), context("{\"iot:Connection.Thing.IsAttached\": [\"true\"]}"));

        assertThat(evaluation.decision()).isEqualTo(Decision.ALLOWED);
        assertThat(names(evaluation.allowed())).containsExactly("p1");
        assertThat(names(evaluation.implicitDeny())).containsExactly("p2");
    }

    @ParameterizedTest(name = "Version {0}")
    @CsvSource({"'\"Version\": \"2008-10-17\",'", "''"})
    void aDocumentWithoutTheCurrentVersionTakesVariablesAsLiteralText(String version) {
        PolicySet set = set("{" + version + " \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"iot:Publish\", "
                + "\"Resource\": \"" + arn("topic/${iot:ClientId}") + "\"}]}");
        RequestContext client = context("{\"iot:ClientId\": [\"c1\"]}");

        assertThat(decision(set, "iot:Publish", arn("topic/c1"), client)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(set, "iot:Publish", arn("topic/${iot:ClientId}"), client)).isEqualTo(Decision.ALLOWED);
        assertThat(evaluate(set, "iot:Publish", arn("topic/c1"), RequestContext.EMPTY).missingContextValues()).isEmpty();
    }

    @Test
    void aVariableIsFilledInWithTheRequestsValue() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"" + arn("client/${iot:ClientId}") + "\""));

        assertThat(decision(set, "iot:Connect", arn("client/c1"), context("{\"iot:ClientId\": [\"c1\"]}"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Connect", arn("client/c2"), context("{\"iot:ClientId\": [\"c1\"]}"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void aVariableNameIsCaseInsensitiveAndAThingAttributeNameIsNot() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\", \"Resource\": \""
                + arn("topic/${IOT:clientid}/${iot:Connection.Thing.Attributes[Room]}") + "\""));

        assertThat(decision(set, "iot:Publish", arn("topic/c1/kitchen"),
                context("{\"iot:ClientId\": [\"c1\"], \"iot:Connection.Thing.Attributes[Room]\": [\"kitchen\"]}"))).isEqualTo(Decision.ALLOWED);
        assertThat(decision(set, "iot:Publish", arn("topic/c1/kitchen"),
                context("{\"iot:ClientId\": [\"c1\"], \"iot:Connection.Thing.Attributes[room]\": [\"kitchen\"]}"))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    /** A client id is any string: one with MQTT or IAM wildcards must not widen what the policy grants (A.4). */
    @ParameterizedTest(name = "client id {0}, topic {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            a*   | a*/x   | true
            a*   | abc/x  | false
            a?   | a?/x   | true
            a?   | ab/x   | false
            +    | +/x    | true
            +    | b/x    | false
            """)
    void aVariablesValueIsLiteralTextNotAWildcard(String clientId, String topic, boolean allowed) {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\", \"Resource\": \"" + arn("topic/${iot:ClientId}/*") + "\""));

        assertThat(decision(set, "iot:Publish", arn("topic/" + topic), context("{\"iot:ClientId\": [\"" + clientId + "\"]}")))
                .isEqualTo(allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY);
    }

    @Test
    void aResourceWithAnUnresolvedVariableMatchesNothingAndIsReportedMissing() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Publish\", \"Resource\": [\""
                + arn("topic/${iot:Connection.Thing.ThingName}/*") + "\", \"" + arn("topic/public") + "\"]"));
        RequestContext noThing = context("{\"iot:ClientId\": [\"c1\"]}");

        Evaluation own = evaluate(set, "iot:Publish", arn("topic/c1/x"), noThing);
        assertThat(own.decision()).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(own.missingContextValues()).containsExactly("iot:Connection.Thing.ThingName");
        assertThat(decision(set, "iot:Publish", arn("topic/${iot:Connection.Thing.ThingName}/x"), noThing)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(decision(set, "iot:Publish", arn("topic/public"), noThing))
                .as("the statement's other resource still matches").isEqualTo(Decision.ALLOWED);
    }

    @Test
    void aDenyWhoseResourceDoesNotResolveDeniesNothing() {
        PolicySet set = set(ALLOW_PUBLISH_EVERYWHERE, statement("\"Effect\": \"Deny\", \"Action\": \"iot:Publish\", \"Resource\": \""
                + arn("topic/${iot:Connection.Thing.ThingName}/*") + "\""));

        Evaluation evaluation = evaluate(set, "iot:Publish", arn("topic/x/y"), RequestContext.EMPTY);

        assertThat(evaluation.decision()).isEqualTo(Decision.ALLOWED);
        assertThat(evaluation.missingContextValues()).containsExactly("iot:Connection.Thing.ThingName");
    }

    @Test
    void aConditionKeyTheRequestLacksIsReportedMissing() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \"*\", "
                + "\"Condition\": {\"StringEquals\": {\"iot:Connection.Thing.ThingTypeName\": \"sensor\"}}"));

        Evaluation evaluation = evaluate(set, "iot:Connect", arn("client/c1"), context("{\"iot:ClientId\": [\"c1\"]}"));

        assertThat(evaluation.decision()).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(evaluation.missingContextValues()).containsExactly("iot:Connection.Thing.ThingTypeName");
    }

    @Test
    void onlyStatementsCoveringTheActionReportMissingValues() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Subscribe\", \"Resource\": \""
                + arn("topicfilter/${iot:Connection.Thing.ThingName}/*") + "\""), ALLOW_PUBLISH_A);

        assertThat(evaluate(set, "iot:Publish", arn("topic/a"), RequestContext.EMPTY).missingContextValues()).isEqualTo(List.of());
    }

    @Test
    void theCognitoIdentityIdFillsItsVariable() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Connect\", \"Resource\": \""
                + arn("client/${cognito-identity.amazonaws.com:sub}") + "\""));
        String identity = "us-east-1:0f3a8c8e-1111-2222-3333-444455556666";

        assertThat(decision(set, "iot:Connect", arn("client/" + identity),
                context("{\"cognito-identity.amazonaws.com:sub\": [\"" + identity + "\"]}"))).isEqualTo(Decision.ALLOWED);
    }

    /** A.6 read literally: the entry matches nothing, so a NotResource made of it leaves nothing out. */
    @Test
    void aNotResourceEntryWithAnUnresolvedVariableExcludesNothing() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Receive\", \"NotResource\": \""
                + arn("topic/${iot:Connection.Thing.ThingName}/private/*") + "\""));

        Evaluation evaluation = evaluate(set, "iot:Receive", arn("topic/t1/private/x"), RequestContext.EMPTY);

        assertThat(evaluation.decision()).isEqualTo(Decision.ALLOWED);
        assertThat(evaluation.missingContextValues()).containsExactly("iot:Connection.Thing.ThingName");
        assertThat(decision(set, "iot:Receive", arn("topic/t1/private/x"), context("{\"iot:Connection.Thing.ThingName\": [\"t1\"]}")))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    /** A.2: a Cognito identity's IoT policies and its role's IAM policy must both allow. */
    @Test
    void policySetsThatMustAllAllowAreDeniedWhenOneDoesNotAllow() {
        PolicySet iot = set(ALLOW_PUBLISH_A);
        PolicySet role = new PolicySet(PolicySet.Kind.IAM, "the identity pool's authenticated role", List.of(new PolicySet.Named("role-policy",
                "arn:aws:iam::123456789012:role/authenticated", CompiledPolicy.parse(statement(
                        "\"Effect\": \"Allow\", \"Action\": \"iot:Subscribe\", \"Resource\": \"*\"")), "role")));
        PolicySet denyingRole = new PolicySet(PolicySet.Kind.IAM, "the identity pool's authenticated role", List.of(new PolicySet.Named("role-policy",
                "arn:aws:iam::123456789012:role/authenticated", CompiledPolicy.parse(DENY_PUBLISH_A), "role")));

        Evaluation both = Evaluation.all(List.of(evaluate(iot, "iot:Publish", arn("topic/a"), RequestContext.EMPTY),
                evaluate(set(ALLOW_PUBLISH_EVERYWHERE), "iot:Publish", arn("topic/a"), RequestContext.EMPTY)));
        Evaluation roleSilent = Evaluation.all(List.of(evaluate(iot, "iot:Publish", arn("topic/a"), RequestContext.EMPTY),
                evaluate(role, "iot:Publish", arn("topic/a"), RequestContext.EMPTY)));
        Evaluation roleDenies = Evaluation.all(List.of(evaluate(iot, "iot:Publish", arn("topic/a"), RequestContext.EMPTY),
                evaluate(denyingRole, "iot:Publish", arn("topic/a"), RequestContext.EMPTY)));

        assertThat(both.decision()).isEqualTo(Decision.ALLOWED);
        assertThat(roleSilent.decision()).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(names(roleSilent.allowed())).containsExactly("p1");
        assertThat(names(roleSilent.implicitDeny())).containsExactly("role-policy");
        assertThat(roleDenies.decision()).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(names(roleDenies.explicitDeny())).containsExactly("role-policy");
    }

    @Test
    void receivingEverythingIsRecognisedOnlyWhenNoStatementCouldRefuseAMessage() {
        String topics = PolicyFixture.ARN_PREFIX + "topic/";
        String receiveAll = statement("\"Effect\": \"Allow\", \"Action\": \"iot:Receive\", \"Resource\": \"" + arn("topic/*") + "\"");
        String receiveSome = statement("\"Effect\": \"Allow\", \"Action\": \"iot:Receive\", \"Resource\": \"" + arn("topic/a/*") + "\"");
        String denySome = statement("\"Effect\": \"Deny\", \"Action\": \"iot:Receive\", \"Resource\": \"" + arn("topic/secret") + "\"");
        String receiveAllBut = statement("\"Effect\": \"Allow\", \"Action\": \"iot:Receive\", \"NotResource\": \"" + arn("topic/secret") + "\"");

        assertThat(PreparedAction.prepare("iot:Receive", set(receiveAll), RequestContext.EMPTY).allowsEverythingUnder(topics)).isTrue();
        assertThat(PreparedAction.prepare("iot:Receive", set(ALLOW_PUBLISH_EVERYWHERE), RequestContext.EMPTY).allowsEverythingUnder(topics)).isTrue();
        assertThat(PreparedAction.prepare("iot:Receive", set(receiveSome), RequestContext.EMPTY).allowsEverythingUnder(topics)).isFalse();
        assertThat(PreparedAction.prepare("iot:Receive", set(receiveAll, denySome), RequestContext.EMPTY).allowsEverythingUnder(topics)).isFalse();
        assertThat(PreparedAction.prepare("iot:Receive", set(receiveAllBut), RequestContext.EMPTY).allowsEverythingUnder(topics)).isFalse();
        assertThat(PreparedAction.prepare("iot:Receive", set(ALLOW_PUBLISH_A), RequestContext.EMPTY).allowsEverythingUnder(topics)).isFalse();
    }

    /** A star of the region part takes no colon, even where a topic prefix holds one. */
    @Test
    void receivingEverythingUnderAPrefixWithAColonIsJudgedPartByPart() {
        PolicySet set = set(statement("\"Effect\": \"Allow\", \"Action\": \"iot:Receive\", \"Resource\": \"arn:aws:iot:*:topic/a:*\""));
        PreparedAction receive = PreparedAction.prepare("iot:Receive", set, RequestContext.EMPTY);

        assertThat(receive.decide(arn("topic/a:b"))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(receive.allowsEverythingUnder(arn("topic/a:"))).isFalse();
    }
}
