package dev.iotlocal.emulator;

import static dev.iotlocal.emulator.support.IotRefusals.refused;
import static dev.iotlocal.emulator.support.IotRefusals.refusedStartingWith;
import static dev.iotlocal.emulator.support.IotRefusals.validationError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlocal.emulator.support.ControlPlane;
import dev.iotlocal.emulator.support.RunningEmulator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.CreatePolicyResponse;
import software.amazon.awssdk.services.iot.model.CreatePolicyVersionResponse;
import software.amazon.awssdk.services.iot.model.DeleteConflictException;
import software.amazon.awssdk.services.iot.model.GetPolicyResponse;
import software.amazon.awssdk.services.iot.model.GetPolicyVersionResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.LimitExceededException;
import software.amazon.awssdk.services.iot.model.ListAttachedPoliciesResponse;
import software.amazon.awssdk.services.iot.model.ListPoliciesResponse;
import software.amazon.awssdk.services.iot.model.ListPrincipalPoliciesResponse;
import software.amazon.awssdk.services.iot.model.ListPolicyPrincipalsResponse;
import software.amazon.awssdk.services.iot.model.ListTargetsForPolicyResponse;
import software.amazon.awssdk.services.iot.model.MalformedPolicyException;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.PolicyVersion;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.VersionsLimitExceededException;

/**
 * AWS IoT's policy operations as {@code IotClient} calls them: policies and their versions, attaching them to
 * Cognito identities, certificates and thing groups, and every documented refusal with its status, error code and
 * message. The tests share one emulator, so each names its policies for itself.
 */
class IotPoliciesApiTest {

    @RegisterExtension
    static final RunningEmulator running = new RunningEmulator(EmulatorConfig.builder().build());

    private static final String ALLOW_CONNECT = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*"}]}""";
    private static final String ALLOW_PUBLISH = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Publish",
              "Resource": "arn:aws:iot:us-east-1:123456789012:topic/${iot:Connection.Thing.ThingName}/*"}]}""";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final IotClient iot = running.iot();

    @Test
    void createPolicyAnswersTheNameArnDocumentAndVersionOne() {
        String name = name("created");

        CreatePolicyResponse created = iot.createPolicy(b -> b.policyName(name).policyDocument(ALLOW_CONNECT)
                .tags(t -> t.key("team").value("devices")));

        assertThat(created.policyName()).isEqualTo(name);
        assertThat(created.policyArn()).isEqualTo(policyArn(name));
        assertThat(created.policyDocument()).isEqualTo(ALLOW_CONNECT);
        assertThat(created.policyVersionId()).isEqualTo("1");
    }

    @Test
    void createPolicyWithATakenNameIsRefusedAndKeepsTheFirstDocument() {
        String name = createPolicy("taken");

        ResourceAlreadyExistsException refused = refused(ResourceAlreadyExistsException.class, 409,
                "Policy cannot be created - name already exists (name=" + name + ")",
                () -> iot.createPolicy(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH)));

        assertThat(refused.resourceId()).isEqualTo(name);
        assertThat(refused.resourceArn()).isEqualTo(policyArn(name));
        assertThat(iot.getPolicy(b -> b.policyName(name)).policyDocument()).isEqualTo(ALLOW_CONNECT);
    }

    @Test
    void aPolicyNameOutsideTheModelsPatternIsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400,
                validationError("no spaces or !", "policyName", "Member must satisfy regular expression pattern: [\\w+=,.@-]+"),
                () -> iot.createPolicy(b -> b.policyName("no spaces or !").policyDocument(ALLOW_CONNECT)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON          | {"Version": "2012-10-17",                                                           | The document is not valid JSON
            no Effect         | {"Version": "2012-10-17", "Statement": [{"Action": "iot:Connect", "Resource": "*"}]} | Statement 1 has no Effect.
            a bare action     | {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "Connect", "Resource": "*"}]} | The action "Connect" in statement 1
            a resource no ARN | {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "client/a"}]} | The following resources are invalid : client/a
            an unknown key    | {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iot:Connect", "Resource": "*", "Conditions": {}}]} | Unknown element Conditions in statement 1
            """)
    void aMalformedDocumentIsAMalformedPolicyException(String what, String document, String message) {
        String name = name("malformed");

        // what follows AWS's words is the emulator's own hint at the grammar
        refusedStartingWith(MalformedPolicyException.class, 400, "Policy document is Malformed: " + message,
                () -> iot.createPolicy(b -> b.policyName(name).policyDocument(document)));

        refused(ResourceNotFoundException.class, 404, notFound(name), () -> iot.getPolicy(b -> b.policyName(name)));
    }

    @Test
    void aDocumentOverTheSizeLimitIsAMalformedPolicyException() {
        String document = ALLOW_CONNECT.replace("\"*\"", "\"arn:aws:iot:us-east-1:123456789012:client/" + "c".repeat(2048) + "\"");

        long characters = document.codePoints().filter(c -> !Character.isWhitespace(c)).count();

        refused(MalformedPolicyException.class, 400, "Policy document is Malformed: The document has " + characters
                        + " characters excluding whitespace; AWS IoT allows at most 2048.",
                () -> iot.createPolicy(b -> b.policyName(name("large")).policyDocument(document)));
    }

    @Test
    void getPolicyAnswersTheDefaultVersionWithThePolicysDatesAndGeneration() {
        Instant before = Instant.now().minusSeconds(1);
        String name = createPolicy("got");
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH).setAsDefault(true));

        GetPolicyResponse policy = iot.getPolicy(b -> b.policyName(name));

        assertThat(policy.policyName()).isEqualTo(name);
        assertThat(policy.policyArn()).isEqualTo(policyArn(name));
        assertThat(policy.policyDocument()).isEqualTo(ALLOW_PUBLISH);
        assertThat(policy.defaultVersionId()).isEqualTo("2");
        assertThat(policy.creationDate()).isBetween(before, Instant.now());
        assertThat(policy.lastModifiedDate()).as("moved by the new default version").isAfter(policy.creationDate());
        assertThat(policy.generationId()).matches("[0-9a-f]{64}");
    }

    @Test
    void getPolicyOfAMissingPolicyIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, "Policy not found (name=never-made)",
                () -> iot.getPolicy(b -> b.policyName("never-made")));
    }

    @Test
    void listPoliciesIsWalkedPageByPageNewestFirst() {
        String prefix = name("listed") + "-";
        List<String> made = new ArrayList<>();
        for (String suffix : List.of("c", "a", "e", "b", "d")) {
            made.add(0, createPolicy(prefix + suffix, ALLOW_CONNECT));
        }

        List<ListPoliciesResponse> pages = iot.listPoliciesPaginator(b -> b.pageSize(2)).stream().toList();

        assertThat(pages).hasSizeGreaterThan(2);
        assertThat(pages.stream().flatMap(page -> page.policies().stream()).map(Policy::policyName)
                .filter(policyName -> policyName.startsWith(prefix))).containsExactlyElementsOf(made);
        assertThat(pages.stream().flatMap(page -> page.policies().stream()).filter(policy -> policy.policyName().equals(made.get(0))))
                .singleElement().extracting(Policy::policyArn).isEqualTo(policyArn(made.get(0)));
    }

    @Test
    void listPoliciesInAscendingOrderAnswersTheOldestFirst() {
        String first = createPolicy("older");
        String second = createPolicy("newer");

        List<String> names = iot.listPoliciesPaginator(b -> b.ascendingOrder(true).pageSize(3)).policies().stream()
                .map(Policy::policyName).filter(name -> name.equals(first) || name.equals(second)).toList();

        assertThat(names).containsExactly(first, second);
    }

    @Test
    void listPoliciesWithAPageSizeOver250IsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400, validationError("251", "pageSize", "Member must have value between 1 and 250"),
                () -> iot.listPolicies(b -> b.pageSize(251)));
    }

    @Test
    void listPoliciesWithAMarkerItDidNotHandOutIsAnInvalidRequest() {
        refused(InvalidRequestException.class, 400, "The pagination token is invalid.", () -> iot.listPolicies(b -> b.marker("made-up")));
    }

    @Test
    void deletePolicyRemovesIt() {
        String name = createPolicy("deleted");

        iot.deletePolicy(b -> b.policyName(name));

        refused(ResourceNotFoundException.class, 404, notFound(name), () -> iot.getPolicy(b -> b.policyName(name)));
    }

    @Test
    void deletePolicyOfAMissingPolicyIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, notFound("never-made"), () -> iot.deletePolicy(b -> b.policyName("never-made")));
    }

    @Test
    void deletePolicyWhileItIsAttachedIsADeleteConflict() {
        String name = createPolicy("attached");
        iot.attachPolicy(b -> b.policyName(name).target(cognitoIdentity()));

        refused(DeleteConflictException.class, 409, attachedConflict(name), () -> iot.deletePolicy(b -> b.policyName(name)));
    }

    @Test
    void deletePolicyWithVersionsBesidesTheDefaultIsADeleteConflict() {
        String name = createPolicy("versioned");
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));

        refused(DeleteConflictException.class, 409,
                "The policy cannot be deleted as versions other than the default version exist (name=" + name + ")",
                () -> iot.deletePolicy(b -> b.policyName(name)));
    }

    @Test
    void createPolicyVersionAddsTheNextIdWithoutChangingTheDefaultUnlessAsked() {
        String name = createPolicy("next-version");

        CreatePolicyVersionResponse second = iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));
        CreatePolicyVersionResponse third = iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH).setAsDefault(true));

        assertThat(second.policyArn()).isEqualTo(policyArn(name));
        assertThat(second.policyDocument()).isEqualTo(ALLOW_PUBLISH);
        assertThat(second.policyVersionId()).isEqualTo("2");
        assertThat(second.isDefaultVersion()).isFalse();
        assertThat(third.policyVersionId()).isEqualTo("3");
        assertThat(third.isDefaultVersion()).isTrue();
        assertThat(iot.getPolicy(b -> b.policyName(name)).defaultVersionId()).isEqualTo("3");
    }

    @Test
    void versionIdsAreNeverUsedAgain() {
        String name = createPolicy("no-reuse");
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));
        iot.deletePolicyVersion(b -> b.policyName(name).policyVersionId("2"));

        CreatePolicyVersionResponse next = iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));

        assertThat(next.policyVersionId()).isEqualTo("3");
    }

    @Test
    void aSixthVersionIsRefusedWithVersionsLimitExceeded() {
        String name = createPolicy("five-versions");
        for (int i = 0; i < 4; i++) {
            iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));
        }

        refused(VersionsLimitExceededException.class, 409, "The policy " + name
                        + " already has the maximum number of versions (5); delete one with DeletePolicyVersion first",
                () -> iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH)));

        assertThat(iot.listPolicyVersions(b -> b.policyName(name)).policyVersions()).hasSize(5);
    }

    @Test
    void createPolicyVersionOfAMissingPolicyIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, notFound("never-made"),
                () -> iot.createPolicyVersion(b -> b.policyName("never-made").policyDocument(ALLOW_PUBLISH)));
    }

    @Test
    void createPolicyVersionOfAMalformedDocumentIsAMalformedPolicyExceptionAndAddsNoVersion() {
        String name = createPolicy("malformed-version");

        refused(MalformedPolicyException.class, 400, "Policy document is Malformed: Statement must not be empty.",
                () -> iot.createPolicyVersion(b -> b.policyName(name).policyDocument("{\"Statement\": []}")));

        assertThat(iot.listPolicyVersions(b -> b.policyName(name)).policyVersions()).hasSize(1);
    }

    @Test
    void getPolicyVersionAnswersTheVersionAndWhetherItIsTheDefault() {
        String name = createPolicy("got-version");
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH).setAsDefault(true));

        GetPolicyVersionResponse first = iot.getPolicyVersion(b -> b.policyName(name).policyVersionId("1"));

        assertThat(first.policyArn()).isEqualTo(policyArn(name));
        assertThat(first.policyName()).isEqualTo(name);
        assertThat(first.policyDocument()).isEqualTo(ALLOW_CONNECT);
        assertThat(first.policyVersionId()).isEqualTo("1");
        assertThat(first.isDefaultVersion()).isFalse();
        assertThat(first.creationDate()).isNotNull();
        assertThat(first.lastModifiedDate()).as("the policy's, moved by version 2").isAfter(first.creationDate());
        assertThat(first.generationId()).matches("[0-9a-f]{64}");
        assertThat(iot.getPolicyVersion(b -> b.policyName(name).policyVersionId("2")).isDefaultVersion()).isTrue();
    }

    @Test
    void getPolicyVersionOfAMissingVersionIsResourceNotFound() {
        String name = createPolicy("missing-version");

        refused(ResourceNotFoundException.class, 404, versionNotFound(name, "9"),
                () -> iot.getPolicyVersion(b -> b.policyName(name).policyVersionId("9")));
    }

    @Test
    void getPolicyVersionOfAMissingPolicyIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, notFound("never-made"),
                () -> iot.getPolicyVersion(b -> b.policyName("never-made").policyVersionId("1")));
    }

    @Test
    void getPolicyVersionWithAVersionIdThatIsNoNumberIsAnInvalidRequest() {
        String name = createPolicy("lettered-version");

        refused(InvalidRequestException.class, 400, notANumber("one"),
                () -> iot.getPolicyVersion(b -> b.policyName(name).policyVersionId("one")));
    }

    @Test
    void listPolicyVersionsAnswersTheNewestFirstWithTheDefaultMarked() {
        String name = createPolicy("version-list");
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));

        List<PolicyVersion> versions = iot.listPolicyVersions(b -> b.policyName(name)).policyVersions();

        assertThat(versions).extracting(PolicyVersion::versionId).containsExactly("2", "1");
        assertThat(versions).extracting(PolicyVersion::isDefaultVersion).containsExactly(false, true);
        assertThat(versions).allSatisfy(version -> assertThat(version.createDate()).isNotNull());
    }

    @Test
    void listPolicyVersionsOfAMissingPolicyIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, notFound("never-made"), () -> iot.listPolicyVersions(b -> b.policyName("never-made")));
    }

    @Test
    void setDefaultPolicyVersionSwitchesTheDocumentGetPolicyAnswers() {
        String name = createPolicy("switched");
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));

        iot.setDefaultPolicyVersion(b -> b.policyName(name).policyVersionId("2"));

        GetPolicyResponse policy = iot.getPolicy(b -> b.policyName(name));
        assertThat(policy.defaultVersionId()).isEqualTo("2");
        assertThat(policy.policyDocument()).isEqualTo(ALLOW_PUBLISH);
    }

    @Test
    void setDefaultPolicyVersionOfAMissingVersionIsResourceNotFoundAndKeepsTheDefault() {
        String name = createPolicy("not-switched");

        refused(ResourceNotFoundException.class, 404, versionNotFound(name, "7"),
                () -> iot.setDefaultPolicyVersion(b -> b.policyName(name).policyVersionId("7")));

        assertThat(iot.getPolicy(b -> b.policyName(name)).defaultVersionId()).isEqualTo("1");
    }

    @Test
    void setDefaultPolicyVersionOfAMissingPolicyIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, notFound("never-made"),
                () -> iot.setDefaultPolicyVersion(b -> b.policyName("never-made").policyVersionId("1")));
    }

    @Test
    void setDefaultPolicyVersionWithAVersionIdThatIsNoNumberIsAnInvalidRequest() {
        String name = createPolicy("lettered-default");

        refused(InvalidRequestException.class, 400, notANumber("two"),
                () -> iot.setDefaultPolicyVersion(b -> b.policyName(name).policyVersionId("two")));
    }

    @Test
    void deletePolicyVersionRemovesAVersionThatIsNotTheDefault() {
        String name = createPolicy("version-deleted");
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));

        iot.deletePolicyVersion(b -> b.policyName(name).policyVersionId("2"));

        assertThat(iot.listPolicyVersions(b -> b.policyName(name)).policyVersions()).extracting(PolicyVersion::versionId).containsExactly("1");
    }

    @Test
    void deletePolicyVersionOfTheDefaultIsADeleteConflict() {
        String name = createPolicy("default-kept");
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));

        refused(DeleteConflictException.class, 409, "Cannot delete the default version of a policy",
                () -> iot.deletePolicyVersion(b -> b.policyName(name).policyVersionId("1")));

        assertThat(iot.listPolicyVersions(b -> b.policyName(name)).policyVersions()).extracting(PolicyVersion::versionId)
                .containsExactly("2", "1");
    }

    @Test
    void deletePolicyVersionOfADeletedVersionIsResourceNotFound() {
        String name = createPolicy("version-gone");
        iot.createPolicyVersion(b -> b.policyName(name).policyDocument(ALLOW_PUBLISH));
        iot.deletePolicyVersion(b -> b.policyName(name).policyVersionId("2"));

        refused(ResourceNotFoundException.class, 404, versionNotFound(name, "2"),
                () -> iot.deletePolicyVersion(b -> b.policyName(name).policyVersionId("2")));
    }

    @Test
    void deletePolicyVersionOfAMissingPolicyIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, notFound("never-made"),
                () -> iot.deletePolicyVersion(b -> b.policyName("never-made").policyVersionId("2")));
    }

    @Test
    void deletePolicyVersionWithAVersionIdThatIsNoNumberIsAnInvalidRequest() {
        String name = createPolicy("lettered-deletion");

        refused(InvalidRequestException.class, 400, notANumber("latest"),
                () -> iot.deletePolicyVersion(b -> b.policyName(name).policyVersionId("latest")));
    }

    @Test
    void aPolicyAttachedToACognitoIdentityIsListedForItAndItForThePolicy() {
        String name = createPolicy("for-identity");
        String identity = cognitoIdentity();

        iot.attachPolicy(b -> b.policyName(name).target(identity));

        assertThat(iot.listAttachedPolicies(b -> b.target(identity)).policies())
                .containsExactly(Policy.builder().policyName(name).policyArn(policyArn(name)).build());
        assertThat(iot.listTargetsForPolicy(b -> b.policyName(name)).targets()).containsExactly(identity);
    }

    @Test
    void attachingAnAttachedPolicyAgainChangesNothing() {
        String name = createPolicy("twice");
        String identity = cognitoIdentity();
        iot.attachPolicy(b -> b.policyName(name).target(identity));

        iot.attachPolicy(b -> b.policyName(name).target(identity));

        assertThat(iot.listTargetsForPolicy(b -> b.policyName(name)).targets()).containsExactly(identity);
    }

    @Test
    void attachPolicyOfAMissingPolicyIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, notFound("never-made"),
                () -> iot.attachPolicy(b -> b.policyName("never-made").target(cognitoIdentity())));
    }

    @Test
    void attachPolicyToACertificateThatDoesNotExistIsResourceNotFound() {
        String name = createPolicy("no-certificate");
        String certificate = arn("cert/" + "0".repeat(64));

        refused(ResourceNotFoundException.class, 404, "The target " + certificate + " does not exist",
                () -> iot.attachPolicy(b -> b.policyName(name).target(certificate)));
    }

    @Test
    void attachPolicyToAThingGroupThatDoesNotExistIsResourceNotFound() {
        String name = createPolicy("no-group");
        String group = arn("thinggroup/never-made");

        refused(ResourceNotFoundException.class, 404, "The target " + group + " does not exist",
                () -> iot.attachPolicy(b -> b.policyName(name).target(group)));
    }

    @Test
    void attachPolicyToSomethingThatIsNoTargetIsAnInvalidRequest() {
        String name = createPolicy("bad-target");

        String thing = "arn:aws:iot:us-east-1:123456789012:thing/lamp";

        refused(InvalidRequestException.class, 400, invalidTarget(thing), () -> iot.attachPolicy(b -> b.policyName(name).target(thing)));
    }

    @Test
    void anEleventhPolicyOnOneIdentityIsRefusedWithLimitExceeded() {
        String identity = cognitoIdentity();
        for (int i = 0; i < 10; i++) {
            String name = createPolicy("ten");
            iot.attachPolicy(b -> b.policyName(name).target(identity));
        }
        String eleventh = createPolicy("eleventh");

        refused(LimitExceededException.class, 410,
                "Cannot attach more than 10 policies to a certificate or Cognito identity (target=" + identity + ")",

                () -> iot.attachPolicy(b -> b.policyName(eleventh).target(identity)));

        assertThat(iot.listAttachedPolicies(b -> b.target(identity)).policies()).hasSize(10);
    }

    @Test
    void detachPolicyRemovesTheAttachment() {
        String name = createPolicy("detached");
        String identity = cognitoIdentity();
        iot.attachPolicy(b -> b.policyName(name).target(identity));

        iot.detachPolicy(b -> b.policyName(name).target(identity));

        assertThat(iot.listAttachedPolicies(b -> b.target(identity)).policies()).isEmpty();
        assertThat(iot.listTargetsForPolicy(b -> b.policyName(name)).targets()).isEmpty();
        iot.deletePolicy(b -> b.policyName(name));
    }

    @Test
    void detachingAPolicyThatIsNotAttachedSucceeds() {
        String name = createPolicy("never-attached");

        iot.detachPolicy(b -> b.policyName(name).target(cognitoIdentity()));

        assertThat(iot.listTargetsForPolicy(b -> b.policyName(name)).targets()).isEmpty();
    }

    @Test
    void detachPolicyFromSomethingThatIsNoTargetIsAnInvalidRequest() {
        String name = createPolicy("detached-from-nothing");
        String thing = arn("thing/lamp");

        refused(InvalidRequestException.class, 400, invalidTarget(thing), () -> iot.detachPolicy(b -> b.policyName(name).target(thing)));
    }

    @Test
    void listAttachedPoliciesIsWalkedPageByPage() {
        String identity = cognitoIdentity();
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String name = createPolicy("attached-page");
            iot.attachPolicy(b -> b.policyName(name).target(identity));
            made.add(name);
        }

        List<ListAttachedPoliciesResponse> pages = iot.listAttachedPoliciesPaginator(b -> b.target(identity).pageSize(2)).stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(page -> page.policies().stream()).map(Policy::policyName)).containsExactlyElementsOf(made);
    }

    @Test
    void listAttachedPoliciesOfACertificateThatDoesNotExistIsResourceNotFound() {
        String certificate = arn("cert/" + "1".repeat(64));

        refused(ResourceNotFoundException.class, 404, "The target " + certificate + " does not exist",
                () -> iot.listAttachedPolicies(b -> b.target(certificate)));
    }

    @Test
    void listAttachedPoliciesOfSomethingThatIsNoTargetIsAnInvalidRequest() {
        String thing = arn("thing/lamp");

        refused(InvalidRequestException.class, 400, invalidTarget(thing), () -> iot.listAttachedPolicies(b -> b.target(thing)));
    }

    @Test
    void listTargetsForPolicyIsWalkedPageByPage() {
        String name = createPolicy("many-targets");
        List<String> identities = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String identity = cognitoIdentity();
            iot.attachPolicy(b -> b.policyName(name).target(identity));
            identities.add(identity);
        }

        List<ListTargetsForPolicyResponse> pages = iot.listTargetsForPolicyPaginator(b -> b.policyName(name).pageSize(2)).stream().toList();

        assertThat(pages).hasSize(2);
        assertThat(pages.stream().flatMap(page -> page.targets().stream())).containsExactlyElementsOf(identities.stream().sorted().toList());
    }

    @Test
    void listTargetsForAMissingPolicyIsResourceNotFound() {
        refused(ResourceNotFoundException.class, 404, notFound("never-made"), () -> iot.listTargetsForPolicy(b -> b.policyName("never-made")));
    }

    @Test
    void theDeprecatedPrincipalPolicyOperationsWorkOnTheSameAttachments() {
        String name = createPolicy("deprecated");
        String identity = cognitoIdentity();

        iot.attachPrincipalPolicy(b -> b.policyName(name).principal(identity));

        assertThat(iot.listPrincipalPolicies(b -> b.principal(identity)).policies()).extracting(Policy::policyName).containsExactly(name);
        assertThat(iot.listPolicyPrincipals(b -> b.policyName(name)).principals()).containsExactly(identity);
        assertThat(iot.listTargetsForPolicy(b -> b.policyName(name)).targets()).containsExactly(identity);
        iot.detachPrincipalPolicy(b -> b.policyName(name).principal(identity));
        assertThat(iot.listAttachedPolicies(b -> b.target(identity)).policies()).isEmpty();
    }

    @Test
    void listPrincipalPoliciesIsWalkedPageByPageNewestFirst() {
        String identity = cognitoIdentity();
        List<String> newestFirst = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String name = createPolicy("principal-page");
            iot.attachPrincipalPolicy(b -> b.policyName(name).principal(identity));
            newestFirst.add(0, name);
        }

        List<ListPrincipalPoliciesResponse> pages = iot.listPrincipalPoliciesPaginator(b -> b.principal(identity).pageSize(1))
                .stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(page -> page.policies().stream()).map(Policy::policyName)).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void listPolicyPrincipalsIsWalkedPageByPageInReverseOrder() {
        String name = createPolicy("policy-principals-page");
        List<String> identities = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String identity = cognitoIdentity();
            iot.attachPrincipalPolicy(b -> b.policyName(name).principal(identity));
            identities.add(identity);
        }

        List<ListPolicyPrincipalsResponse> pages = iot.listPolicyPrincipalsPaginator(b -> b.policyName(name).pageSize(1)).stream().toList();

        assertThat(pages).hasSize(3);
        assertThat(pages.stream().flatMap(page -> page.principals().stream()))
                .containsExactlyElementsOf(identities.stream().sorted(Comparator.reverseOrder()).toList());
    }

    @Test
    void aPolicyAttachedToACertificateIsListedForItsArn() {
        String name = createPolicy("for-certificate");
        CreateKeysAndCertificateResponse certificate = iot.createKeysAndCertificate(b -> b.setAsActive(true));

        iot.attachPolicy(b -> b.policyName(name).target(certificate.certificateArn()));

        assertThat(iot.listAttachedPolicies(b -> b.target(certificate.certificateArn())).policies())
                .extracting(Policy::policyName).containsExactly(name);
        assertThat(iot.listTargetsForPolicy(b -> b.policyName(name)).targets()).containsExactly(certificate.certificateArn());
    }

    @Test
    void aRecursiveListingOfAThingGroupIncludesItsAncestorsPolicies() {
        String parent = name("parent-group");
        String child = name("child-group");
        iot.createThingGroup(b -> b.thingGroupName(parent));
        String childArn = iot.createThingGroup(b -> b.thingGroupName(child).parentGroupName(parent)).thingGroupArn();
        String parentPolicy = createPolicy("parent-policy");
        String childPolicy = createPolicy("child-policy");
        iot.attachPolicy(b -> b.policyName(parentPolicy).target(iot.describeThingGroup(d -> d.thingGroupName(parent)).thingGroupArn()));
        iot.attachPolicy(b -> b.policyName(childPolicy).target(childArn));

        assertThat(iot.listAttachedPolicies(b -> b.target(childArn)).policies()).extracting(Policy::policyName).containsExactly(childPolicy);
        assertThat(iot.listAttachedPolicies(b -> b.target(childArn).recursive(true)).policies()).extracting(Policy::policyName)
                .containsExactly(parentPolicy, childPolicy);
    }

    @Test
    void aThirdPolicyOnAThingGroupIsRefusedWithLimitExceeded() {
        String group = iot.createThingGroup(b -> b.thingGroupName(name("two-policies"))).thingGroupArn();
        for (int i = 0; i < 2; i++) {
            String name = createPolicy("group-policy");
            iot.attachPolicy(b -> b.policyName(name).target(group));
        }
        String third = createPolicy("third");

        refused(LimitExceededException.class, 410, "Cannot attach more than 2 policies to a thing group (target=" + group + ")",
                () -> iot.attachPolicy(b -> b.policyName(third).target(group)));
    }


    @Test
    void policiesTheirVersionsAndAttachmentsSurviveARestartWithADataDirectory(@TempDir Path directory) {
        EmulatorConfig config = EmulatorConfig.builder().dataDirectory(directory).build();
        String identity = cognitoIdentity();
        try (IotEmulator first = IotEmulator.start(config); IotClient before = ControlPlane.iotClient(first)) {
            before.createPolicy(b -> b.policyName("kept").policyDocument(ALLOW_CONNECT));
            before.createPolicyVersion(b -> b.policyName("kept").policyDocument(ALLOW_CONNECT.replace("iot:Connect", "iot:*")).setAsDefault(true));
            before.attachPolicy(b -> b.policyName("kept").target(identity));
        }
        try (IotEmulator second = IotEmulator.start(config); IotClient after = ControlPlane.iotClient(second)) {
            assertThat(after.getPolicy(b -> b.policyName("kept")).defaultVersionId()).isEqualTo("2");
            assertThat(after.getPolicy(b -> b.policyName("kept")).policyDocument()).contains("iot:*");
            assertThat(after.listPolicyVersions(b -> b.policyName("kept")).policyVersions()).hasSize(2);
            assertThat(after.listTargetsForPolicy(b -> b.policyName("kept")).targets()).containsExactly(identity);
            assertThat(after.createPolicyVersion(b -> b.policyName("kept").policyDocument(ALLOW_CONNECT)).policyVersionId())
                    .as("ids go on where they were").isEqualTo("3");
        }
    }

    private String createPolicy(String what) {
        return createPolicy(name(what), ALLOW_CONNECT);
    }

    private String createPolicy(String name, String document) {
        return iot.createPolicy(b -> b.policyName(name).policyDocument(document)).policyName();
    }

    /** A policy name no other test uses. */
    private static String name(String what) {
        return what + "-" + NAMES.incrementAndGet();
    }

    /** A Cognito identity id as Cognito hands them out, {@code <region>:<uuid>}; no two tests share one. */
    private static String cognitoIdentity() {
        return "us-east-1:" + UUID.randomUUID();
    }

    private static String notFound(String policyName) {
        return "Policy not found (name=" + policyName + ")";
    }

    private static String versionNotFound(String policyName, String versionId) {
        return "Policy version not found (name=" + policyName + ", versionId=" + versionId + ")";
    }

    private static String notANumber(String versionId) {
        return validationError(versionId, "policyVersionId", "Member must satisfy regular expression pattern: [0-9]+");
    }

    private static String attachedConflict(String policyName) {
        return "The policy cannot be deleted as the policy is attached to one or more principals (name=" + policyName + ")";
    }

    private static String invalidTarget(String target) {
        return "Invalid target " + target + ": a target is a certificate ARN (arn:aws:iot:<region>:<account>:cert/<id>), "
                + "a thing group ARN (arn:aws:iot:<region>:<account>:thinggroup/<name>) or a Cognito identity id (<region>:<uuid>)";
    }

    private static String policyArn(String name) {

        return arn("policy/" + name);
    }

    /** An ARN of this emulator's account and region. */
    private static String arn(String resource) {
        return "arn:aws:iot:" + running.get().config().region() + ":" + running.get().config().accountId() + ":" + resource;
    }
}
