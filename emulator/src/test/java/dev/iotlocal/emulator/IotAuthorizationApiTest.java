package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static dev.iotlocal.emulator.support.IotRefusals.validationError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.iotlocal.emulator.policy.PolicyConfig;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ActionType;
import software.amazon.awssdk.services.iot.model.AuthDecision;
import software.amazon.awssdk.services.iot.model.AuthInfo;
import software.amazon.awssdk.services.iot.model.AuthResult;
import software.amazon.awssdk.services.iot.model.EffectivePolicy;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.TestAuthorizationRequest;
import software.amazon.awssdk.services.iot.model.ThingPrincipalType;

/**
 * TestAuthorization and GetEffectivePolicies as {@code IotClient} calls them: decisions of the same evaluator the
 * broker asks, which policies allowed or denied, policies added or skipped as if attached or detached, Cognito
 * identities with and without their identity pool, policy variables from the client id, the policies in effect for a
 * certificate and a thing, and each refusal. The identity pool's roles are narrowed, so that they show in decisions.
 * The tests share one emulator, so each names its policies, things and groups for itself.
 */
class IotAuthorizationApiTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder()
            .policies(PolicyConfig.builder()
                    .authenticatedRolePolicy(allowPublish("arn:aws:iot:*:*:topic/role/*"))
                    .unauthenticatedRolePolicy(allowPublish("arn:aws:iot:*:*:topic/guest/*"))
                    .build())
            .build());

    private static final AtomicInteger NAMES = new AtomicInteger();

    private final IotClient iot = running.iot();

    @Test
    void aPolicyAllowingATopicPrefixAllowsPublishingUnderItAndImplicitlyDeniesOtherTopics() {
        String certificate = certificate();
        String policy = attached(certificate, allowPublish(arn("topic/a/*")));

        List<AuthResult> results = iot.testAuthorization(b -> b.principal(certificate)
                .authInfos(publish(arn("topic/a/b")), publish(arn("topic/b")))).authResults();

        assertThat(results).hasSize(2);
        assertThat(results.get(0).authInfo()).isEqualTo(publish(arn("topic/a/b")));
        assertThat(results.get(0).authDecision()).isEqualTo(AuthDecision.ALLOWED);
        assertThat(names(results.get(0).allowed().policies())).containsExactly(policy);
        assertThat(results.get(0).denied().implicitDeny().policies()).isEmpty();
        assertThat(results.get(1).authDecision()).isEqualTo(AuthDecision.IMPLICIT_DENY);
        assertThat(results.get(1).allowed().policies()).isEmpty();
        assertThat(results.get(1).denied().implicitDeny().policies()).extracting(Policy::policyName, Policy::policyArn)
                .containsExactly(tuple(policy, arn("policy/" + policy)));
    }

    @Test
    void anAuthInfoWithSeveralResourcesHasOneResultThatAllowsOnlyWhenEachIsAllowed() {
        String certificate = certificate();
        String policy = attached(certificate, allowPublish(arn("topic/a/*")));

        List<AuthResult> results = iot.testAuthorization(b -> b.principal(certificate)
                .authInfos(publish(arn("topic/a/b"), arn("topic/b")))).authResults();

        assertThat(results).singleElement().satisfies(result -> {
            assertThat(result.authInfo().resources()).containsExactly(arn("topic/a/b"), arn("topic/b"));
            assertThat(result.authDecision()).isEqualTo(AuthDecision.IMPLICIT_DENY);
            assertThat(names(result.allowed().policies())).containsExactly(policy);
            assertThat(names(result.denied().implicitDeny().policies())).containsExactly(policy);
        });
    }

    @Test
    void anExplicitDenyWinsOverAnAllowAndBothPoliciesAreNamed() {
        String certificate = certificate();
        String allowing = attached(certificate, allowPublish(arn("topic/*")));
        String denying = attached(certificate, """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iot:Publish", "Resource": "%s"}]}"""
                .formatted(arn("topic/secret")));

        AuthResult result = testOne(b -> b.principal(certificate).authInfos(publish(arn("topic/secret"))));

        assertThat(result.authDecision()).isEqualTo(AuthDecision.EXPLICIT_DENY);
        assertThat(names(result.denied().explicitDeny().policies())).containsExactly(denying);
        assertThat(names(result.allowed().policies())).containsExactly(allowing);
    }

    @Test
    void eachActionTypeTestsItsOwnAction() {
        String certificate = certificate();
        attached(certificate, """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "iot:Connect", "Resource": "%s"},
                  {"Effect": "Allow", "Action": "iot:Subscribe", "Resource": "%s"},
                  {"Effect": "Allow", "Action": "iot:Receive", "Resource": "%s"}]}"""
                .formatted(arn("client/sensor"), arn("topicfilter/alerts/#"), arn("topic/alerts/*")));

        List<AuthResult> results = iot.testAuthorization(b -> b.principal(certificate).authInfos(
                authInfo(ActionType.CONNECT, arn("client/sensor")), authInfo(ActionType.SUBSCRIBE, arn("topicfilter/alerts/#")),
                authInfo(ActionType.RECEIVE, arn("topic/alerts/fire")), authInfo(ActionType.PUBLISH, arn("topic/alerts/fire")))).authResults();

        // Receive and Publish on one topic differ: only iot:Receive is allowed there
        assertThat(results).extracting(AuthResult::authDecision).containsExactly(AuthDecision.ALLOWED, AuthDecision.ALLOWED,
                AuthDecision.ALLOWED, AuthDecision.IMPLICIT_DENY);
    }

    @Test
    void aThingGroupsPolicyReachesTheCertificateOfTheThingItsClientIdNames() {
        String thing = name("heater");
        String building = name("building");
        String floor = name("floor");
        iot.createThing(b -> b.thingName(thing));
        iot.createThingGroup(b -> b.thingGroupName(building));
        iot.createThingGroup(b -> b.thingGroupName(floor).parentGroupName(building));
        iot.addThingToThingGroup(b -> b.thingName(thing).thingGroupName(floor));
        String policy = createPolicy(allowPublish(arn("topic/heating/*")));
        iot.attachPolicy(b -> b.policyName(policy).target(arn("thinggroup/" + building)));
        String certificate = certificate();
        iot.attachThingPrincipal(b -> b.thingName(thing).principal(certificate));

        AuthResult asTheThing = testOne(b -> b.principal(certificate).clientId(thing).authInfos(publish(arn("topic/heating/on"))));
        AuthResult asAnother = testOne(b -> b.principal(certificate).clientId("someone-else").authInfos(publish(arn("topic/heating/on"))));

        assertThat(asTheThing.authDecision()).isEqualTo(AuthDecision.ALLOWED);
        assertThat(names(asTheThing.allowed().policies())).containsExactly(policy);
        assertThat(asAnother.authDecision()).isEqualTo(AuthDecision.IMPLICIT_DENY);
    }

    @Test
    void aThingGroupsPolicyReachesACertificateAttachedExclusivelyWhateverItsClientId() {
        String thing = name("badge");
        String site = name("site");
        iot.createThing(b -> b.thingName(thing));
        iot.createThingGroup(b -> b.thingGroupName(site));
        iot.addThingToThingGroup(b -> b.thingName(thing).thingGroupName(site));
        String policy = createPolicy(allowPublish(arn("topic/doors/*")));
        iot.attachPolicy(b -> b.policyName(policy).target(arn("thinggroup/" + site)));
        String certificate = certificate();
        iot.attachThingPrincipal(b -> b.thingName(thing).principal(certificate).thingPrincipalType(ThingPrincipalType.EXCLUSIVE_THING));

        AuthResult result = testOne(b -> b.principal(certificate).clientId("any-client").authInfos(publish(arn("topic/doors/open"))));

        assertThat(result.authDecision()).isEqualTo(AuthDecision.ALLOWED);
        assertThat(names(result.allowed().policies())).containsExactly(policy);
    }

    @Test
    void aPolicyToAddIsTestedAsIfAttachedWithoutAttachingIt() {
        String certificate = certificate();
        String policy = createPolicy(allowPublish(arn("topic/a/*")));

        AuthResult result = testOne(b -> b.principal(certificate).policyNamesToAdd(policy).authInfos(publish(arn("topic/a/b"))));

        assertThat(result.authDecision()).isEqualTo(AuthDecision.ALLOWED);
        assertThat(names(result.allowed().policies())).containsExactly(policy);
        assertThat(iot.listAttachedPolicies(b -> b.target(certificate)).policies()).isEmpty();
    }

    @Test
    void aPolicyToSkipIsTestedAsIfDetachedWithoutDetachingIt() {
        String certificate = certificate();
        String policy = attached(certificate, allowPublish(arn("topic/a/*")));

        AuthResult result = testOne(b -> b.principal(certificate).policyNamesToSkip(policy).authInfos(publish(arn("topic/a/b"))));

        assertThat(result.authDecision()).isEqualTo(AuthDecision.IMPLICIT_DENY);
        assertThat(result.allowed().policies()).isEmpty();
        assertThat(names(iot.listAttachedPolicies(b -> b.target(certificate)).policies())).containsExactly(policy);
    }

    @Test
    void aCognitoIdentityWithoutItsPoolIsTestedWithItsIotPoliciesOnly() {
        String identity = cognitoIdentity();
        String policy = attached(identity, allowPublish(arn("topic/*")));

        AuthResult result = testOne(b -> b.principal(identity).authInfos(publish(arn("topic/lobby"))));

        assertThat(result.authDecision()).isEqualTo(AuthDecision.ALLOWED);
        assertThat(names(result.allowed().policies())).containsExactly(policy);
    }

    @Test
    void aCognitoIdentityWithItsPoolNeedsTheAuthenticatedRoleToAllowToo() {
        String identity = cognitoIdentity();
        String policy = attached(identity, allowPublish(arn("topic/*")));

        List<AuthResult> results = iot.testAuthorization(b -> b.principal(identity).cognitoIdentityPoolId(identityPool())
                .authInfos(publish(arn("topic/lobby")), publish(arn("topic/role/x")))).authResults();

        assertThat(results.get(0).authDecision()).isEqualTo(AuthDecision.IMPLICIT_DENY);
        assertThat(names(results.get(0).allowed().policies())).containsExactly(policy);
        assertThat(results.get(0).denied().implicitDeny().policies()).extracting(Policy::policyName, Policy::policyArn)
                .containsExactly(tuple("authenticated-role", "arn:aws:iam::" + running.get().config().accountId()
                        + ":role/iot-local-authenticated-role"));
        assertThat(results.get(1).authDecision()).isEqualTo(AuthDecision.ALLOWED);
        assertThat(names(results.get(1).allowed().policies())).containsExactly(policy, "authenticated-role");
    }

    @Test
    void onlyAPoolIsTestedWithItsUnauthenticatedRole() {
        List<AuthResult> results = iot.testAuthorization(b -> b.cognitoIdentityPoolId(identityPool())
                .authInfos(publish(arn("topic/guest/hello")), publish(arn("topic/lobby")))).authResults();

        assertThat(results).extracting(AuthResult::authDecision).containsExactly(AuthDecision.ALLOWED, AuthDecision.IMPLICIT_DENY);
        assertThat(names(results.get(0).allowed().policies())).containsExactly("unauthenticated-role");
    }

    @Test
    void theClientIdGivesIotClientIdItsValue() {
        String certificate = certificate();
        attached(certificate, allowPublish(arn("topic/${iot:ClientId}/*")));

        AuthResult result = testOne(b -> b.principal(certificate).clientId("dev-1").authInfos(publish(arn("topic/dev-1/status"))));

        assertThat(result.authDecision()).isEqualTo(AuthDecision.ALLOWED);
        assertThat(result.missingContextValues()).isEmpty();
        assertThat(testOne(b -> b.principal(certificate).clientId("dev-1").authInfos(publish(arn("topic/dev-2/status")))).authDecision())
                .as("the variable is the client id, not a wildcard").isEqualTo(AuthDecision.IMPLICIT_DENY);
    }

    @Test
    void withoutAClientIdIotClientIdIsAMissingContextValue() {
        String certificate = certificate();
        String policy = attached(certificate, allowPublish(arn("topic/${iot:ClientId}/*")));

        AuthResult result = testOne(b -> b.principal(certificate).authInfos(publish(arn("topic/dev-1/status"))));

        assertThat(result.authDecision()).isEqualTo(AuthDecision.IMPLICIT_DENY);
        assertThat(names(result.denied().implicitDeny().policies())).containsExactly(policy);
        assertThat(result.missingContextValues()).containsExactly("iot:ClientId");
    }

    @Test
    void anUnknownCertificateIsResourceNotFound() {
        String unknown = arn("cert/" + "ab".repeat(32));

        refused(ResourceNotFoundException.class, 404, "The certificate " + unknown + " does not exist",
                () -> iot.testAuthorization(b -> b.principal(unknown).authInfos(publish(arn("topic/a")))));
    }

    @Test
    void aPrincipalThatIsNeitherACertificateNorAnIdentityIsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400,
                "The principal thing/lamp is neither a certificate ARN nor an Amazon Cognito identity id",
                () -> iot.testAuthorization(b -> b.principal("thing/lamp").authInfos(publish(arn("topic/a")))));
    }

    @Test
    void neitherAPrincipalNorAPoolIsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400, "TestAuthorization needs a principal (a certificate ARN or Cognito identity id), "
                        + "a cognitoIdentityPoolId (for the pool's unauthenticated role), or both",
                () -> iot.testAuthorization(b -> b.authInfos(publish(arn("topic/a")))));
    }

    @Test
    void anUnknownPolicyToAddIsResourceNotFound() {
        String certificate = certificate();

        refused(ResourceNotFoundException.class, 404, "Policy not found (name=never-made)",
                () -> iot.testAuthorization(b -> b.principal(certificate).policyNamesToAdd("never-made").authInfos(publish(arn("topic/a")))));
    }

    @Test
    void noAuthInfosIsAValidationError() {
        String certificate = certificate();

        refused(InvalidRequestException.class, 400,
                "1 validation error detected: Value at 'authInfos' failed to satisfy constraint: Member must have length greater than or equal to 1",
                () -> iot.testAuthorization(b -> b.principal(certificate).authInfos(List.of())));
    }

    @Test
    void elevenAuthInfosIsAValidationError() {
        String certificate = certificate();
        List<AuthInfo> eleven = new ArrayList<>(Collections.nCopies(11, publish(arn("topic/a"))));

        refused(InvalidRequestException.class, 400,
                "1 validation error detected: Value at 'authInfos' failed to satisfy constraint: Member must have length less than or equal to 10",
                () -> iot.testAuthorization(b -> b.principal(certificate).authInfos(eleven)));
    }

    @Test
    void anUnknownActionTypeIsAValidationError() {
        String certificate = certificate();

        refused(InvalidRequestException.class, 400, validationError("RETAIN_PUBLISH", "authInfos.1.member.actionType",
                        "Member must satisfy enum value set: [PUBLISH, SUBSCRIBE, RECEIVE, CONNECT]"),
                () -> iot.testAuthorization(b -> b.principal(certificate)
                        .authInfos(AuthInfo.builder().actionType("RETAIN_PUBLISH").resources(arn("topic/a")).build())));
    }

    @Test
    void aResourceLongerThanTheModelAllowsIsAValidationError() {
        String certificate = certificate();
        String tooLong = arn("topic/" + "t".repeat(2048));

        refused(InvalidRequestException.class, 400, "1 validation error detected: Value at 'authInfos.1.member.resources.1.member' "
                        + "failed to satisfy constraint: Member must have length less than or equal to 2048",
                () -> iot.testAuthorization(b -> b.principal(certificate).authInfos(publish(tooLong))));
    }

    @Test
    void aCertificatesEffectivePoliciesCarryTheirDefaultDocuments() {
        String certificate = certificate();
        String first = attached(certificate, allowPublish(arn("topic/a/*")));
        String second = attached(certificate, allowPublish(arn("topic/b/*")));
        iot.createPolicyVersion(b -> b.policyName(second).policyDocument(allowPublish(arn("topic/c/*"))).setAsDefault(true));

        List<EffectivePolicy> effective = iot.getEffectivePolicies(b -> b.principal(certificate)).effectivePolicies();

        assertThat(effective).extracting(EffectivePolicy::policyName, EffectivePolicy::policyArn, EffectivePolicy::policyDocument)
                .containsExactlyInAnyOrder(tuple(first, arn("policy/" + first), allowPublish(arn("topic/a/*"))),
                        tuple(second, arn("policy/" + second), allowPublish(arn("topic/c/*"))));
    }

    @Test
    void aThingsEffectivePoliciesIncludeItsCertificatesItsGroupsAndTheirAncestors() {
        String thing = name("lamp");
        String building = name("building");
        String floor = name("floor");
        iot.createThing(b -> b.thingName(thing));
        iot.createThingGroup(b -> b.thingGroupName(building));
        iot.createThingGroup(b -> b.thingGroupName(floor).parentGroupName(building));
        iot.addThingToThingGroup(b -> b.thingName(thing).thingGroupName(floor));
        String ofBuilding = createPolicy(allowPublish(arn("topic/building/*")));
        String ofFloor = createPolicy(allowPublish(arn("topic/floor/*")));
        iot.attachPolicy(b -> b.policyName(ofBuilding).target(arn("thinggroup/" + building)));
        iot.attachPolicy(b -> b.policyName(ofFloor).target(arn("thinggroup/" + floor)));
        String certificate = certificate();
        String own = attached(certificate, allowPublish(arn("topic/own/*")));

        List<EffectivePolicy> effective = iot.getEffectivePolicies(b -> b.principal(certificate).thingName(thing)).effectivePolicies();

        assertThat(effective).extracting(EffectivePolicy::policyName).containsExactlyInAnyOrder(own, ofFloor, ofBuilding);
    }

    @Test
    void theEffectivePoliciesOfAThingThatDoesNotExistAreResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Thing never-made does not exist",
                () -> iot.getEffectivePolicies(b -> b.thingName("never-made")));
    }

    @Test
    void theEffectivePoliciesOfAnUnknownCertificateAreResourceNotFound() {
        String unknown = arn("cert/" + "cd".repeat(32));

        refused(ResourceNotFoundException.class, 404, "The target " + unknown + " does not exist",
                () -> iot.getEffectivePolicies(b -> b.principal(unknown)));
    }

    private AuthResult testOne(Consumer<TestAuthorizationRequest.Builder> request) {
        List<AuthResult> results = iot.testAuthorization(request).authResults();
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    private String certificate() {
        return iot.createKeysAndCertificate(b -> b.setAsActive(true)).certificateArn();
    }

    /** A new policy with this document, attached to the target. */
    private String attached(String target, String document) {
        String policy = createPolicy(document);
        iot.attachPolicy(b -> b.policyName(policy).target(target));
        return policy;
    }

    private String createPolicy(String document) {
        String policy = name("policy");
        iot.createPolicy(b -> b.policyName(policy).policyDocument(document));
        return policy;
    }

    private static String allowPublish(String resource) {
        return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish", "Resource": "%s"}]}"""
                .formatted(resource);
    }

    private static AuthInfo publish(String... resources) {
        return authInfo(ActionType.PUBLISH, resources);
    }

    private static AuthInfo authInfo(ActionType type, String... resources) {
        return AuthInfo.builder().actionType(type).resources(resources).build();
    }

    private static List<String> names(List<Policy> policies) {
        return policies.stream().map(Policy::policyName).toList();
    }

    private static String name(String what) {
        return what + "-" + NAMES.incrementAndGet();
    }

    private static String cognitoIdentity() {
        return running.get().config().region() + ":" + UUID.randomUUID();
    }

    private static String identityPool() {
        return running.get().config().identityPoolId();
    }

    /** An ARN of this emulator's account and region. */
    private static String arn(String resource) {
        return "arn:aws:iot:" + running.get().config().region() + ":" + running.get().config().accountId() + ":" + resource;
    }
}
