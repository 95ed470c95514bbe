package dev.iotlocal.emulator.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.registry.Policies.EffectivePolicy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The policies part of the account where no API reaches yet: thing groups and certificates put into the account
 * directly, the ancestor walk, and what the policy evaluator will read.
 */
class PoliciesTest {

    private static final CertificateAuthority AUTHORITY = CertificateAuthority.generate();
    private static final String CERTIFICATE_ID = "a".repeat(64);

    /** A clock that stands still: the account's own clock still moves each change a millisecond on. */
    private final AccountRegistry account = new AccountRegistry("123456789012", "us-east-1", AUTHORITY, null,
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    private final Policies policies = account.policies();

    @AfterEach
    void close() {
        account.close();
    }

    @Test
    void aRecursiveListingOfAThingGroupAddsThePoliciesOfEveryAncestor() {
        group("building", null);
        group("floor", "building");
        group("room", "floor");
        attachNew("building-policy", groupArn("building"));
        attachNew("floor-policy", groupArn("floor"));
        attachNew("room-policy", groupArn("room"));

        assertThat(names(policies.attachedTo(groupArn("room"), true, null, 250, true))).containsExactly(
                "building-policy", "floor-policy", "room-policy");
        assertThat(names(policies.attachedTo(groupArn("room"), false, null, 250, true))).containsExactly("room-policy");
        assertThat(names(policies.attachedTo(groupArn("floor"), true, null, 250, true))).containsExactly("building-policy", "floor-policy");
    }

    @Test
    void aRecursiveListingPagesThroughTheAncestorsPolicies() {
        group("parent", null);
        group("child", "parent");
        attachNew("p1", groupArn("parent"));
        attachNew("p2", groupArn("parent"));
        attachNew("c1", groupArn("child"));

        Page<Policies.Listed> first = policies.attachedTo(groupArn("child"), true, null, 2, true);
        Page<Policies.Listed> second = policies.attachedTo(groupArn("child"), true, first.next().orElseThrow(), 2, true);

        assertThat(names(first)).containsExactly("p1", "p2");
        assertThat(names(second)).containsExactly("c1");
        assertThat(second.next()).isEmpty();
    }

    @Test
    void aCycleOfParentsInAHandEditedAccountEndsTheWalk() {
        group("a", "b");
        group("b", "a");
        attachNew("a-policy", groupArn("a"));
        attachNew("b-policy", groupArn("b"));

        assertThat(names(policies.attachedTo(groupArn("a"), true, null, 250, true))).containsExactly("a-policy", "b-policy");
    }

    @Test
    void theEvaluatorReadsTheParsedDefaultVersionsOfEachTargetsPolicies() {
        certificate();
        group("fleet", null);
        group("line", "fleet");
        attachNew("device", certificateArn());
        attachNew("fleet-wide", groupArn("fleet"));
        policies.createVersion("device", document("iot:Publish"), true);
        String identity = "us-east-1:4b3e1c9a-0000-4000-8000-000000000001";
        attachNew("identity", identity);

        Map<String, List<EffectivePolicy>> effective = policies.effectivePolicies(List.of(certificateArn(), groupArn("line"), identity));

        assertThat(effective.keySet()).containsExactly(certificateArn(), groupArn("line"), identity);
        EffectivePolicy device = effective.get(certificateArn()).get(0);
        assertThat(device.policyName()).isEqualTo("device");
        assertThat(device.policyArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:policy/device");
        assertThat(device.versionId()).isEqualTo("2");
        assertThat(device.document().statements().get(0).actions()).containsExactly("iot:Publish");
        assertThat(effective.get(groupArn("line"))).extracting(EffectivePolicy::policyName).containsExactly("fleet-wide");
        assertThat(effective.get(identity)).extracting(EffectivePolicy::policyName).containsExactly("identity");
    }

    @Test
    void targetsThatDoNotExistHereHaveNoPolicies() {
        Map<String, List<EffectivePolicy>> effective = policies.effectivePolicies(List.of(certificateArn(),
                "arn:aws:iot:eu-west-1:123456789012:thinggroup/elsewhere", "no target at all"));

        assertThat(effective).containsOnly(Map.entry(certificateArn(), List.of()),
                Map.entry("arn:aws:iot:eu-west-1:123456789012:thinggroup/elsewhere", List.of()), Map.entry("no target at all", List.of()));
    }

    @Test
    void aCertificateOfTheAccountCanHavePoliciesAndOneThatIsNotThereCannot() {
        policies.create("for-certificates", document("iot:Connect"), Map.of());
        RegistryError missing = catchThrowableOfType(RegistryError.class, () -> policies.attach("for-certificates", certificateArn()));
        certificate();
        policies.attach("for-certificates", certificateArn());

        assertThat(missing.kind()).isEqualTo(RegistryError.Kind.RESOURCE_NOT_FOUND);
        List<String> attached = account.read(state -> policies.policiesAttachedTo(state, certificateArn()));
        assertThat(attached).containsExactly("for-certificates");
    }

    @Test
    void aCertificateArnOfAnotherRegionIsNotFound() {
        certificate();
        policies.create("p", document("iot:Connect"), Map.of());

        RegistryError refused = catchThrowableOfType(RegistryError.class,
                () -> policies.attach("p", "arn:aws:iot:eu-west-1:123456789012:cert/" + CERTIFICATE_ID));

        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.RESOURCE_NOT_FOUND);
    }

    @Test
    void aCertificateArnOfAnotherPartitionIsNotFoundAndNotAttached() {
        certificate();
        policies.create("p", document("iot:Connect"), Map.of());

        RegistryError refused = catchThrowableOfType(RegistryError.class,
                () -> policies.attach("p", "arn:aws-cn:iot:us-east-1:123456789012:cert/" + CERTIFICATE_ID));

        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.RESOURCE_NOT_FOUND);
        assertThat(policies.targets("p", null, 250, true).items()).isEmpty();
    }

    @Test
    void aCognitoIdentityIdIsARegionAndALowerCaseUuid() {
        policies.create("p", document("iot:Connect"), Map.of());

        RegistryError refused = catchThrowableOfType(RegistryError.class, () -> policies.attach("p", "us-east-1:abc"));

        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.INVALID_REQUEST);
        assertThat(policies.targets("p", null, 250, true).items()).isEmpty();
    }

    @Test
    void aDescendingListingGoesOnAfterTheTargetItsMarkerNamedWhenThatTargetIsDetached() {
        policies.create("shared", document("iot:Connect"), Map.of());
        List<String> identities = List.of("a", "b", "c", "d", "e").stream()
                .map(letter -> "us-east-1:" + letter.repeat(8) + "-0000-4000-8000-000000000000").toList();
        identities.forEach(identity -> policies.attach("shared", identity));

        Page<String> first = policies.targets("shared", null, 2, false);
        policies.detach("shared", first.items().get(1));
        Page<String> second = policies.targets("shared", first.next().orElseThrow(), 2, false);

        assertThat(first.items()).containsExactly(identities.get(4), identities.get(3));
        assertThat(second.items()).containsExactly(identities.get(2), identities.get(1));
    }

    @Test
    void theDeprecatedListingOfAPolicysPrincipalsLeavesOutItsThingGroups() {
        certificate();
        group("fleet", null);
        String identity = "us-east-1:4b3e1c9a-0000-4000-8000-000000000001";
        policies.create("everywhere", document("iot:Connect"), Map.of());
        List.of(certificateArn(), groupArn("fleet"), identity).forEach(target -> policies.attach("everywhere", target));

        assertThat(policies.principals("everywhere", null, 250, true).items()).containsExactly(certificateArn(), identity);
        assertThat(policies.targets("everywhere", null, 250, true).items()).containsExactly(certificateArn(), groupArn("fleet"), identity);
    }

    @Test
    void aRawDocumentLongerThanTheModelAllowsIsAnInvalidRequestWhateverItsLengthWithoutWhitespace() {
        String document = document("iot:Connect");
        String longest = document + " ".repeat(Policies.MAX_DOCUMENT_LENGTH - document.length());

        RegistryError refused = catchThrowableOfType(RegistryError.class, () -> policies.create("too-long", longest + " ", Map.of()));
        policies.create("longest", longest, Map.of());

        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.INVALID_REQUEST);
        assertThat(refused.getMessage()).isEqualTo("1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: "
                + "Member must have length less than or equal to 404600");
    }

    @Test
    void aTargetQuotedInARefusalIsPrintableAndCutShort() {
        policies.create("p", document("iot:Connect"), Map.of());

        RegistryError refused = catchThrowableOfType(RegistryError.class, () -> policies.attach("p", "forged\nline" + "x".repeat(300)));

        assertThat(refused.getMessage()).startsWith("Invalid target forged?line" + "x".repeat(189) + "...: a target is");
    }

    @Test
    void aThingGroupTakesTwoPolicies() {
        group("small", null);
        attachNew("one", groupArn("small"));
        attachNew("two", groupArn("small"));
        policies.create("three", document("iot:Connect"), Map.of());

        RegistryError refused = catchThrowableOfType(RegistryError.class, () -> policies.attach("three", groupArn("small")));

        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.LIMIT_EXCEEDED);
        assertThat(refused.kind().status()).isEqualTo(410);
        assertThat(refused.getMessage()).isEqualTo("Cannot attach more than 2 policies to a thing group (target=" + groupArn("small") + ")");
        assertThat(policies.targets("three", null, 250, true).items()).isEmpty();
    }

    @Test
    void aCertificateTakesTenPolicies() {
        certificate();
        for (int i = 0; i < 10; i++) {
            attachNew("policy-" + i, certificateArn());
        }
        policies.create("eleventh", document("iot:Connect"), Map.of());

        RegistryError refused = catchThrowableOfType(RegistryError.class, () -> policies.attach("eleventh", certificateArn()));

        assertThat(refused.kind()).isEqualTo(RegistryError.Kind.LIMIT_EXCEEDED);
    }

    @Test
    void documentsRestoredFromTheSavedAccountAreParsedWhenFirstRead() {
        certificate();
        attachNew("kept", certificateArn());
        account.restore(account.checkpoint());

        assertThat(policies.effectivePolicies(List.of(certificateArn())).get(certificateArn()))
                .singleElement().satisfies(policy -> assertThat(policy.document().statements()).hasSize(1));
    }

    @Test
    void parsedDocumentsOfVersionsARestoreRemovedAreNotKept() {
        certificate();
        attachNew("kept", certificateArn());
        AccountRegistry.Checkpoint start = account.checkpoint();
        for (int test = 0; test < 3; test++) {
            attachNew("made-by-test-" + test, certificateArn());
            policies.createVersion("made-by-test-" + test, document("iot:Publish"), true);
            policies.effectivePolicies(List.of(certificateArn()));
            account.restore(start);
        }

        policies.create("after", document("iot:Receive"), Map.of());
        policies.effectivePolicies(List.of(certificateArn()));

        assertThat(policies.parsedDocuments()).isEqualTo(2);
    }

    @Test
    void aPolicyMadeAgainUnderTheSameNameIsEvaluatedWithItsNewDocument() {
        certificate();
        attachNew("reused", certificateArn());
        policies.detach("reused", certificateArn());
        policies.delete("reused");
        policies.create("reused", document("iot:Subscribe"), Map.of());
        policies.attach("reused", certificateArn());

        assertThat(policies.effectivePolicies(List.of(certificateArn())).get(certificateArn()).get(0).document()
                .statements().get(0).actions()).containsExactly("iot:Subscribe");
    }

    private void attachNew(String name, String target) {
        policies.create(name, document("iot:Connect"), Map.of());
        policies.attach(name, target);
    }

    private void group(String name, String parent) {
        account.write(state -> {
            AccountState.ThingGroup group = new AccountState.ThingGroup();
            group.name = name;
            group.parentGroupName = parent;
            state.thingGroups.put(name, group);
            return null;
        });
    }

    private void certificate() {
        account.write(state -> {
            AccountState.Certificate certificate = new AccountState.Certificate();
            certificate.id = CERTIFICATE_ID;
            state.certificates.put(CERTIFICATE_ID, certificate);
            return null;
        });
    }

    private String groupArn(String name) {
        return account.arn("thinggroup", name);
    }

    private String certificateArn() {
        return account.arn("cert", CERTIFICATE_ID);
    }

    private static String document(String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"*\"}]}";
    }

    private static List<String> names(Page<Policies.Listed> page) {
        return page.items().stream().map(Policies.Listed::policyName).toList();
    }
}
