package dev.iotlocal.emulator.internal.registry;

import static dev.iotlocal.emulator.internal.registry.ModelConstraints.shown;

import dev.iotlocal.emulator.internal.policy.CompiledPolicy;
import dev.iotlocal.emulator.internal.policy.PolicyDocument;
import dev.iotlocal.emulator.internal.registry.AccountState.Policy;
import dev.iotlocal.emulator.internal.registry.AccountState.PolicyVersion;
import dev.iotlocal.emulator.internal.registry.References.Kind;
import dev.iotlocal.emulator.internal.registry.References.Reference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The policies part of the account: AWS IoT policies with their versions (at most five, one of them the default
 * that is evaluated) and their attachments to targets (certificates, thing groups, Cognito identities), as the
 * control plane manages them and the policy evaluator reads them ({@link #effectivePolicies}). Documents are checked
 * when stored and parsed once. Thread-safe: everything runs under the account's lock.
 */
public final class Policies {

    /** CreatePolicyVersion beyond this is refused; AWS IoT's limit. */
    static final int MAX_VERSIONS = 5;
    /** Policies one certificate or Cognito identity may have attached; AWS IoT's limit. */
    static final int MAX_POLICIES_PER_PRINCIPAL = 10;
    /** Policies one thing group may have attached; AWS IoT's developer guide: "a maximum number of two policies". */
    static final int MAX_POLICIES_PER_THING_GROUP = 2;
    /**
     * The service model's bound on a raw {@code policyDocument}, checked before anything reads it; AWS IoT's own
     * limit, {@value PolicyDocument#MAX_CHARACTERS} characters without whitespace, is checked when it is parsed.
     */
    static final int MAX_DOCUMENT_LENGTH = 404_600;

    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]+");
    private static final Pattern VERSION_ID = Pattern.compile("[0-9]+");
    /** What a policy is attached to. */
    private static final Set<Kind> TARGETS = EnumSet.of(Kind.CERTIFICATE, Kind.THING_GROUP, Kind.COGNITO_IDENTITY);
    /** The targets that are principals, which the deprecated principal-policy operations list. */
    private static final Set<Kind> PRINCIPALS = EnumSet.of(Kind.CERTIFICATE, Kind.COGNITO_IDENTITY);

    private final AccountRegistry account;
    /** The emulator's default policy, attached to what it provisions; null when there is none. */
    private volatile String defaultPolicyName;
    /**
     * Parsed documents by the generation id of their version, which no other version has (ids restart after a delete),
     * only of versions in {@link #parsedFor}: the cache never holds more than the account's versions. Deleting a
     * policy or version here removes its entry; a checkpoint restore replaces the state whole, and the first use of
     * the new state drops the entries of versions it does not have. Guarded by the account's lock.
     */
    private final Map<String, CompiledPolicy> parsed = new HashMap<>();
    private AccountState parsedFor;

    Policies(AccountRegistry account) {
        this.account = account;
    }

    /**
     * One version of a policy as GetPolicy, GetPolicyVersion, CreatePolicy(Version) and ListPolicyVersions show it;
     * dates are epoch milliseconds.
     */
    public record Version(String policyName, String policyArn, String versionId, String document, boolean isDefaultVersion,
                          long creationDate, long lastModifiedDate, String generationId) {}

    /** A policy in a listing. */
    public record Listed(String policyName, String policyArn) {}

    /** The default version of a policy attached to a target, as the evaluator applies it. */
    public record EffectivePolicy(String policyName, String policyArn, String versionId, CompiledPolicy compiled) {

        /** The default version's document, as parsed. */
        public PolicyDocument document() {
            return compiled.document();
        }
    }

    /**
     * What evaluating a principal's requests needs, read at one moment: its policies, its thing's groups' policies
     * (each group's with its ancestors'), the thing's type and attributes, and the certificate itself.
     *
     * @param changes        the account's change count when read: the facts hold until it moves on
     * @param policies       the principal's own policies
     * @param groupPolicies  by thing group of the thing, in membership order, each group's policies with its ancestors'
     * @param thing          the thing, when the request has one and it exists
     * @param namedThingAttached whether the thing the client id names is attached to the principal
     * @param certificatePem the certificate, for a certificate principal that exists
     */
    public record AuthorizationFacts(long changes, List<EffectivePolicy> policies, Map<String, List<EffectivePolicy>> groupPolicies,
                                     Optional<ThingFacts> thing, boolean namedThingAttached, Optional<String> certificatePem) {}

    /** A thing as policy variables see it. */
    public record ThingFacts(String name, Optional<String> thingTypeName, Map<String, String> attributes) {}

    /** CreatePolicy: version 1, the default. */
    public Version create(String name, String document, Map<String, String> tags) {
        requireName(name);
        PolicyDocument checked = parse(document);
        return account.write(state -> {
            if (state.policies.containsKey(name)) {
                throw RegistryError.alreadyExists("Policy cannot be created - name already exists (name=" + shown(name) + ")",
                        name, arn(name));
            }
            long now = account.now();
            Policy policy = new Policy();
            policy.name = name;
            policy.creationDate = now;
            policy.lastModifiedDate = now;
            policy.generationId = account.newGenerationId();
            policy.tags.putAll(tags);
            PolicyVersion version = addVersion(state, policy, "1", document, checked, now);
            policy.defaultVersionId = version.versionId;
            state.policies.put(name, policy);
            return view(policy, version);
        });
    }

    /** GetPolicy: the default version, with the policy's dates and generation. */
    public Version get(String name) {
        return account.read(state -> {
            Policy policy = policy(state, name);
            PolicyVersion version = policy.versions.get(policy.defaultVersionId);
            return new Version(name, arn(name), version.versionId, version.document, true, policy.creationDate,
                    policy.lastModifiedDate, policy.generationId);
        });
    }

    /** GetPolicyVersion. */
    public Version version(String name, String versionId) {
        return account.read(state -> {
            Policy policy = policy(state, name);
            return view(policy, version(policy, versionId));
        });
    }

    /** ListPolicies, in creation order (newest first when not {@code ascending}). */
    public Page<Listed> list(String marker, int pageSize, boolean ascending) {
        return account.read(state -> page(state.policies.values(), marker, pageSize, ascending));
    }

    /**
     * Creates the emulator's default policy, or gives it the configured document as a new default version when it
     * holds another (dropping its oldest other version when it has five), and attaches it to the identities the
     * configuration provisions. From now on {@link #attachDefault} attaches it to provisioned certificates.
     *
     * @param document    the configured document, or empty for no default policy
     * @param identityIds the Cognito identities of the configured users
     */
    public void provideDefault(String name, Optional<String> document, Collection<String> identityIds) {
        if (document.isEmpty()) {
            defaultPolicyName = null;
            return;
        }
        boolean exists = account.read(state -> state.policies.containsKey(name));
        if (!exists) {
            create(name, document.get(), Map.of());
        } else if (!sameJson(get(name).document(), document.get())) {
            List<Version> versions = versions(name);
            if (versions.size() >= 5) {
                versions.stream().filter(version -> !version.isDefaultVersion()).findFirst()
                        .ifPresent(oldest -> deleteVersion(name, oldest.versionId()));
            }
            createVersion(name, document.get(), true);
        }
        defaultPolicyName = name;
        identityIds.forEach(identity -> attach(name, identity));
    }

    /** Attaches the default policy, if there is one, to a principal the emulator's own API provisioned. */
    public void attachDefault(String target) {
        String name = defaultPolicyName;
        if (name != null && account.read(state -> state.policies.containsKey(name))) {
            attach(name, target);
        }
    }

    private static boolean sameJson(String one, String other) {
        try {
            return dev.iotlocal.emulator.internal.util.Json.MAPPER.readTree(one).equals(dev.iotlocal.emulator.internal.util.Json.MAPPER.readTree(other));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    /** DeletePolicy: refused while the policy is attached or has versions besides the default. */
    public void delete(String name) {
        account.write(state -> {
            Policy policy = policy(state, name);
            if (!state.policyTargets.getOrDefault(name, Set.of()).isEmpty()) {
                throw new RegistryError(RegistryError.Kind.DELETE_CONFLICT,
                        "The policy cannot be deleted as the policy is attached to one or more principals (name=" + shown(name) + ")");
            }
            if (policy.versions.size() > 1) {
                throw new RegistryError(RegistryError.Kind.DELETE_CONFLICT,
                        "The policy cannot be deleted as versions other than the default version exist (name=" + shown(name) + ")");
            }
            state.policies.remove(name);
            state.policyTargets.remove(name);
            policy.versions.values().forEach(version -> parsed(state).remove(version.generationId));
            return null;
        });
    }

    /** CreatePolicyVersion: the next id, never one used before; at most {@value #MAX_VERSIONS} versions. */
    public Version createVersion(String name, String document, boolean setAsDefault) {
        PolicyDocument checked = parse(document);
        return account.write(state -> {
            Policy policy = policy(state, name);
            if (policy.versions.size() >= MAX_VERSIONS) {
                throw new RegistryError(RegistryError.Kind.VERSIONS_LIMIT_EXCEEDED, "The policy " + shown(name)
                        + " already has the maximum number of versions (" + MAX_VERSIONS + "); delete one with DeletePolicyVersion first");
            }
            long now = account.now();
            PolicyVersion version = addVersion(state, policy, Integer.toString(policy.nextVersionId++), document, checked, now);
            if (setAsDefault) {
                policy.defaultVersionId = version.versionId;
            }
            changed(policy, now);
            return view(policy, version);
        });
    }

    /** ListPolicyVersions, newest first. */
    public List<Version> versions(String name) {
        return account.read(state -> {
            Policy policy = policy(state, name);
            List<Version> versions = new ArrayList<>();
            policy.versions.values().forEach(version -> versions.add(0, view(policy, version)));
            return versions;
        });
    }

    /** SetDefaultPolicyVersion: the version every target of the policy is evaluated with from now on. */
    public void setDefaultVersion(String name, String versionId) {
        account.write(state -> {
            Policy policy = policy(state, name);
            policy.defaultVersionId = version(policy, versionId).versionId;
            changed(policy, account.now());
            return null;
        });
    }

    /** DeletePolicyVersion: any version but the default. */
    public void deleteVersion(String name, String versionId) {
        account.write(state -> {
            Policy policy = policy(state, name);
            PolicyVersion version = version(policy, versionId);
            if (version.versionId.equals(policy.defaultVersionId)) {
                throw new RegistryError(RegistryError.Kind.DELETE_CONFLICT, "Cannot delete the default version of a policy");
            }
            policy.versions.remove(versionId);
            parsed(state).remove(version.generationId);
            changed(policy, account.now());
            return null;
        });
    }

    /**
     * AttachPolicy (and the deprecated AttachPrincipalPolicy). Attaching a policy that is attached already changes
     * nothing and succeeds.
     *
     * @param target a certificate ARN, a thing group ARN or a Cognito identity id, which must exist
     */
    public void attach(String name, String target) {
        account.write(state -> {
            policy(state, name);
            Reference resolved = target(state, target, true);
            String canonical = resolved.canonical(account);
            if (state.policyTargets.getOrDefault(name, Set.of()).contains(canonical)) {
                return null;
            }
            boolean group = resolved.kind() == Kind.THING_GROUP;
            int limit = group ? MAX_POLICIES_PER_THING_GROUP : MAX_POLICIES_PER_PRINCIPAL;
            if (policiesAttachedTo(state, canonical).size() >= limit) {
                throw new RegistryError(RegistryError.Kind.LIMIT_EXCEEDED, "Cannot attach more than " + limit + " policies to "
                        + (group ? "a thing group" : "a certificate or Cognito identity") + " (target=" + shown(target) + ")");
            }
            state.policyTargets.computeIfAbsent(name, absent -> new LinkedHashSet<>()).add(canonical);
            return null;
        });
    }

    /** DetachPolicy (and DetachPrincipalPolicy): a policy or target that is not attached (or does not exist) is no error. */
    public void detach(String name, String target) {
        account.write(state -> {
            Reference resolved = target(state, target, false);
            Set<String> targets = state.policyTargets.get(name);
            if (resolved.here() && targets != null && targets.remove(resolved.canonical(account)) && targets.isEmpty()) {
                state.policyTargets.remove(name);
            }
            return null;
        });
    }

    /**
     * ListAttachedPolicies (and ListPrincipalPolicies), in the policies' creation order.
     *
     * @param recursive for a thing group, also the policies of its ancestor groups
     */
    public Page<Listed> attachedTo(String target, boolean recursive, String marker, int pageSize, boolean ascending) {
        return account.read(state -> {
            Reference resolved = target(state, target, true);
            return page(attached(state, resolved, recursive), marker, pageSize, ascending);
        });
    }

    /** ListTargetsForPolicy: the targets in alphabetical order, reversed when not {@code ascending}. */
    public Page<String> targets(String name, String marker, int pageSize, boolean ascending) {
        return attachments(name, TARGETS, marker, pageSize, ascending);
    }

    /** The deprecated ListPolicyPrincipals: as {@link #targets}, but principals only (certificates and Cognito identities). */
    public Page<String> principals(String name, String marker, int pageSize, boolean ascending) {
        return attachments(name, PRINCIPALS, marker, pageSize, ascending);
    }

    private Page<String> attachments(String name, Set<Kind> kinds, String marker, int pageSize, boolean ascending) {
        return account.read(state -> {
            policy(state, name);
            List<String> attached = state.policyTargets.getOrDefault(name, Set.of()).stream()
                    .filter(target -> References.read(account, target, kinds).isPresent())
                    .toList();
            return Page.of(attached, target -> target, ascending ? Comparator.naturalOrder() : Comparator.reverseOrder(), marker, pageSize);
        });
    }

    /**
     * For the policy evaluator: the default versions of the policies attached to each target, read at one moment.
     * A thing group's policies include those of its ancestor groups, which its things and child groups inherit. A
     * target that is not a certificate, thing group or Cognito identity of this account, or no longer exists, has none.
     *
     * @param targets certificate ARNs, thing group ARNs and Cognito identity ids
     * @return every target, in the order given, to its policies
     */
    public Map<String, List<EffectivePolicy>> effectivePolicies(Collection<String> targets) {
        return account.read(state -> {
            Map<String, List<EffectivePolicy>> effective = new LinkedHashMap<>();
            for (String target : targets) {
                effective.put(target, effective(state, target));
            }
            return effective;
        });
    }

    /**
     * For the policy evaluator: the facts for one principal, read at one moment.
     *
     * @param principal     a certificate ARN or a Cognito identity id
     * @param thingName     the thing the request is associated with, if any
     * @param namedThing    the thing the client id names, to say whether it is attached to the principal, if any
     */
    public AuthorizationFacts authorizationFacts(String principal, Optional<String> thingName, Optional<String> namedThing) {
        return account.read(state -> {
            long changes = account.changes();
            List<EffectivePolicy> own = effective(state, principal);
            Map<String, List<EffectivePolicy>> groups = new LinkedHashMap<>();
            Optional<ThingFacts> thing = Optional.empty();
            AccountState.Thing found = thingName.map(state.things::get).orElse(null);
            if (found != null) {
                thing = Optional.of(new ThingFacts(found.name, Optional.ofNullable(found.thingTypeName), Map.copyOf(found.attributes)));
                for (String group : found.thingGroups) {
                    groups.put(group, effective(state, account.arn("thinggroup", group)));
                }
            }
            boolean attached = namedThing.map(name -> {
                Map<String, AccountState.ThingPrincipalType> principals = state.thingPrincipals.get(name);
                return principals != null && principals.containsKey(principal);
            }).orElse(false);
            Optional<String> pem = References.read(account, principal, EnumSet.of(Kind.CERTIFICATE))
                    .map(reference -> state.certificates.get(reference.name()))
                    .map(certificate -> certificate.pem);
            return new AuthorizationFacts(changes, own, groups, thing, attached, pem);
        });
    }

    /** The default versions of a target's policies (a thing group's with its ancestors'); called under the account's lock. */
    private List<EffectivePolicy> effective(AccountState state, String target) {
        List<EffectivePolicy> policies = new ArrayList<>();
        Optional<Reference> resolved = References.read(account, target, TARGETS);
        if (resolved.isPresent() && exists(state, resolved.get())) {
            for (Policy policy : attached(state, resolved.get(), true)) {
                PolicyVersion version = policy.versions.get(policy.defaultVersionId);
                policies.add(new EffectivePolicy(policy.name, arn(policy.name), version.versionId, compiled(state, version)));
            }
        }
        return List.copyOf(policies);
    }

    /** The names of the policies attached directly to a target, in the policies' name order; called under the account's lock. */
    List<String> policiesAttachedTo(AccountState state, String target) {
        List<String> names = new ArrayList<>();
        state.policyTargets.forEach((name, targets) -> {
            if (targets.contains(target)) {
                names.add(name);
            }
        });
        return names;
    }

    /** The policies attached to a target, and with {@code recursive} to a thing group's ancestors, each once. */
    private List<Policy> attached(AccountState state, Reference target, boolean recursive) {
        Set<String> names = new LinkedHashSet<>(policiesAttachedTo(state, target.canonical(account)));
        if (recursive && target.kind() == Kind.THING_GROUP) {
            Set<String> seen = new HashSet<>(Set.of(target.name()));
            AccountState.ThingGroup group = state.thingGroups.get(target.name());
            // seen guards against a cycle, which CreateThingGroup cannot make but a hand-edited account file could
            while (group != null && group.parentGroupName != null && seen.add(group.parentGroupName)) {
                names.addAll(policiesAttachedTo(state, account.arn("thinggroup", group.parentGroupName)));
                group = state.thingGroups.get(group.parentGroupName);
            }
        }
        List<Policy> policies = new ArrayList<>();
        names.forEach(name -> policies.add(state.policies.get(name)));
        return policies;
    }

    /** A page of policies in creation order; the tokens name a policy's place in that order, so they survive its deletion. */
    private Page<Listed> page(Collection<Policy> policies, String marker, int pageSize, boolean ascending) {
        Page<Policy> page = Page.of(policies, policy -> orderKey(policy, ascending), marker, pageSize);
        return new Page<>(page.items().stream().map(policy -> new Listed(policy.name, arn(policy.name))).toList(), page.next());
    }

    /** Sorts as the listing does: by creation time (zero-padded, inverted for newest first), then by name. */
    private static String orderKey(Policy policy, boolean ascending) {
        return String.format("%019d/%s", ascending ? policy.creationDate : Long.MAX_VALUE - policy.creationDate, policy.name);
    }

    private PolicyVersion addVersion(AccountState state, Policy policy, String versionId, String document, PolicyDocument checked,
                                     long now) {
        PolicyVersion version = new PolicyVersion();
        version.versionId = versionId;
        version.document = document;
        version.creationDate = now;
        version.generationId = account.newGenerationId();
        policy.versions.put(versionId, version);
        parsed(state).put(version.generationId, CompiledPolicy.compile(checked));
        return version;
    }

    /** A document a client sent, parsed and checked. */
    private static PolicyDocument parse(String document) {
        if (document.length() > MAX_DOCUMENT_LENGTH) {
            throw ModelConstraints.violation("policyDocument", "Member must have length less than or equal to " + MAX_DOCUMENT_LENGTH);
        }
        return PolicyDocument.parse(document);
    }

    /** The compiled document of a version; one loaded from the data directory or restored is compiled on first use. */
    private CompiledPolicy compiled(AccountState state, PolicyVersion version) {
        return parsed(state).computeIfAbsent(version.generationId, any -> CompiledPolicy.parse(version.document));
    }

    /** The compiled documents of {@code state}'s versions; called under the account's lock. */
    private Map<String, CompiledPolicy> parsed(AccountState state) {
        if (state != parsedFor) {
            Set<String> versions = new HashSet<>();
            state.policies.values().forEach(policy -> policy.versions.values().forEach(version -> versions.add(version.generationId)));
            parsed.keySet().retainAll(versions);
            parsedFor = state;
        }
        return parsed;
    }

    /** How many parsed documents are kept, for tests. */
    int parsedDocuments() {
        return account.read(state -> parsed.size());
    }

    private void changed(Policy policy, long now) {
        policy.lastModifiedDate = now;
        policy.generationId = account.newGenerationId();
    }

    private Version view(Policy policy, PolicyVersion version) {
        return new Version(policy.name, arn(policy.name), version.versionId, version.document,
                version.versionId.equals(policy.defaultVersionId), version.creationDate, policy.lastModifiedDate, policy.generationId);
    }

    private String arn(String name) {
        return account.arn("policy", name);
    }

    private static Policy policy(AccountState state, String name) {
        requireName(name);
        Policy policy = state.policies.get(name);
        if (policy == null) {
            throw RegistryError.notFound("Policy not found (name=" + shown(name) + ")");
        }
        return policy;
    }

    private static PolicyVersion version(Policy policy, String versionId) {
        if (!VERSION_ID.matcher(versionId).matches()) {
            throw ModelConstraints.violation(versionId, "policyVersionId", "Member must satisfy regular expression pattern: [0-9]+");
        }
        PolicyVersion version = policy.versions.get(versionId);
        if (version == null) {
            throw RegistryError.notFound("Policy version not found (name=" + shown(policy.name) + ", versionId=" + shown(versionId) + ")");
        }
        return version;
    }

    private static void requireName(String name) {
        if (name.length() > 128) {
            throw ModelConstraints.violation(name, "policyName", "Member must have length less than or equal to 128");
        }
        if (!NAME.matcher(name).matches()) {
            throw ModelConstraints.violation(name, "policyName", "Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        }
    }

    /**
     * What a target names, checked for form: a certificate or thing group ARN, or a Cognito identity id.
     *
     * @param mustExist whether a certificate or thing group that does not exist here is {@code ResourceNotFoundException}
     */
    private Reference target(AccountState state, String target, boolean mustExist) {
        Reference resolved = References.read(account, target, TARGETS).orElse(null);
        if (resolved == null) {
            throw RegistryError.invalidRequest("Invalid target " + shown(target) + ": a target is a certificate ARN (arn:aws:iot:<region>:<account>:cert/<id>), "
                    + "a thing group ARN (arn:aws:iot:<region>:<account>:thinggroup/<name>) or a Cognito identity id (<region>:<uuid>)");
        }
        if (mustExist && !exists(state, resolved)) {
            throw RegistryError.notFound("The target " + shown(target) + " does not exist");
        }
        return resolved;
    }

    /**
     * Whether a target is one of this account's; Cognito identity ids are checked for form only: whether AWS IoT asks
     * Cognito about them is not documented.
     */
    private static boolean exists(AccountState state, Reference target) {
        return target.here() && switch (target.kind()) {
            case CERTIFICATE -> state.certificates.containsKey(target.name());
            case THING_GROUP -> state.thingGroups.containsKey(target.name());
            case COGNITO_IDENTITY -> true;
            case THING -> false; // not a policy target: TARGETS never reads one
        };
    }
}
