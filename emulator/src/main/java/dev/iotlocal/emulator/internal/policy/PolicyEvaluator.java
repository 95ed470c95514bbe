package dev.iotlocal.emulator.internal.policy;

import dev.iotlocal.emulator.identity.Principal;
import dev.iotlocal.emulator.internal.events.InMemoryJournal;
import dev.iotlocal.emulator.internal.pki.Pem;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.AccountState.ThingPrincipalType;
import dev.iotlocal.emulator.internal.registry.Policies;
import dev.iotlocal.emulator.internal.registry.Things;
import dev.iotlocal.emulator.internal.registry.Policies.EffectivePolicy;
import dev.iotlocal.emulator.journal.PolicyDenial;
import dev.iotlocal.emulator.policy.PolicyConfig;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one AWS IoT policy evaluator: every door, the broker's checks, the HTTPS data plane and TestAuthorization ask
 * it. It decides who is evaluated as AWS IoT does (a certificate: its policies and its thing's groups'; an
 * authenticated Cognito identity: its IoT policies AND the identity pool's authenticated-role IAM policy; an
 * unauthenticated one: the unauthenticated role's IAM policy only), resolves policy variables from the connection,
 * evaluates only default versions, and records each denial with a line that says what to change. Thread-safe.
 */
public final class PolicyEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger("dev.iotlocal.policies");

    public static final String CONNECT = "iot:Connect";
    public static final String PUBLISH = "iot:Publish";
    public static final String RETAIN_PUBLISH = "iot:RetainPublish";
    public static final String SUBSCRIBE = "iot:Subscribe";
    public static final String RECEIVE = "iot:Receive";

    private final AccountRegistry account;
    private final CompiledPolicy authenticatedRole;
    private final CompiledPolicy unauthenticatedRole;
    private final String identityPoolId;
    private final String userPoolProvider;
    private final String domainName;
    private final InMemoryJournal journal;
    private final Clock clock;
    private static final int MAXIMUM_CERTIFICATES_KEPT = 10_000;
    private final Map<String, RequestContext> certificateVariables = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param identityPoolId   the identity pool, for {@code cognito-identity.amazonaws.com:aud}
     * @param userPoolProvider the user pool's provider name, for {@code cognito-identity.amazonaws.com:amr}
     * @param domainName       the host clients connect to, for {@code iot:DomainName}
     */
    public PolicyEvaluator(AccountRegistry account, PolicyConfig config, String identityPoolId, String userPoolProvider,
                           String domainName, InMemoryJournal journal, Clock clock) {
        this.account = account;
        this.authenticatedRole = CompiledPolicy.parse(config.authenticatedRolePolicy());
        this.unauthenticatedRole = CompiledPolicy.parse(config.unauthenticatedRolePolicy());
        this.identityPoolId = identityPoolId;
        this.userPoolProvider = userPoolProvider;
        this.domainName = domainName;
        this.journal = journal;
        this.clock = clock;
    }

    /** The prefix of this account's topic ARNs. */
    String topicArnPrefix() {
        return account.arn("topic", "");
    }

    /** This account's ARN of a resource, such as {@code topic/a/b}. */
    public String arn(String resourceType, String name) {
        return account.arn(resourceType, name);
    }

    long changeCount() {
        return account.changeCount();
    }

    /**
     * The authorization of one MQTT connection, prepared on first use and again whenever the account changes.
     *
     * @param connect what its CONNECT asked for that policies may restrict
     */
    public ConnectionAuthorization connection(Principal principal, String clientId, ConnectAttributes connect) {
        return new ConnectionAuthorization(this, principal, clientId, connect);
    }

    /** What a CONNECT asked for that {@code iot:Connect} conditions read. */
    public record ConnectAttributes(boolean persistentSession, Optional<String> willTopic, boolean willRetained) {}

    /**
     * Authorizes one HTTPS data-plane request (which has no client id, so thing variables do not resolve) and records a
     * denial.
     *
     * @return the denial, or empty when allowed
     */
    public Optional<PolicyDenial> authorize(Principal principal, String action, String resource) {
        Subject subject = subject(principal, Optional.empty(), Optional.empty(), List.of(), Set.of());
        if (subject == null) {
            return Optional.empty();
        }
        List<PreparedAction> prepared = prepare(subject, action, subject.context());
        PolicyDenial denial = deny(subject, principal, "", action, resource, "asked for " + action + " on",
                Explanations.shortName(resource), prepared);
        if (denial != null) {
            record(denial);
        }
        return Optional.ofNullable(denial);
    }

    /**
     * TestAuthorization: the evaluation of each action on each resource for a principal, with policies added or
     * skipped as if attached or detached.
     *
     * @param principal    a certificate ARN or Cognito identity id, or empty with an identity pool (its unauthenticated role)
     * @param identityPool whether {@code cognitoIdentityPoolId} was given (an identity id is then authenticated)
     * @param requests     action ({@code iot:Publish}) and resource ARN pairs
     */
    public List<Evaluation> test(Optional<String> principal, boolean identityPool, Optional<String> clientId,
                                 List<Map.Entry<String, String>> requests, List<EffectivePolicy> added, Set<String> skipped) {
        Principal.Kind kind;
        String id;
        if (principal.isEmpty()) {
            kind = Principal.Kind.COGNITO_UNAUTHENTICATED;
            id = "";
        } else if (principal.get().contains(":cert/")) {
            kind = Principal.Kind.CERTIFICATE;
            id = principal.get().substring(principal.get().indexOf(":cert/") + ":cert/".length());
        } else {
            kind = Principal.Kind.COGNITO_AUTHENTICATED;
            id = principal.get();
        }
        Optional<String> thing = Optional.empty();
        if (kind == Principal.Kind.CERTIFICATE) {
            // AWS IoT's association, as the mutual-TLS door makes it: the exclusively attached thing, else the attached
            // thing the client id names
            List<Things.Attachment> attached = account.things().thingsOf(certificateArn(id), null, null, 1_000).items();
            thing = attached.stream().filter(attachment -> attachment.type() == ThingPrincipalType.EXCLUSIVE_THING)
                    .map(Things.Attachment::name).findFirst()
                    .or(() -> attached.stream().map(Things.Attachment::name).filter(name -> clientId.equals(Optional.of(name))).findFirst());
        }
        Principal subjectPrincipal = new Principal(kind, id, account.accountId(), account.region(), Optional.empty(),
                thing, "");
        Subject subject = subject(subjectPrincipal, clientId, Optional.of(identityPool), added, skipped);
        List<Evaluation> evaluations = new ArrayList<>();
        for (Map.Entry<String, String> request : requests) {
            List<PreparedAction> prepared = prepare(subject, request.getKey(), subject.context());
            evaluations.add(Evaluation.all(prepared.stream().map(action -> action.evaluate(request.getValue())).toList()));
        }
        return evaluations;
    }

    /** Writes a denial to the journal and its explanation to the log. */
    public void record(PolicyDenial denial) {
        journal.record(denial);
        LOG.warn("Policy denial ({}): {}", denial.decision(), denial.explanation());
    }

    /** The subject's sets prepared for one action, in the subject's order. */
    List<PreparedAction> prepare(Subject subject, String action, RequestContext context) {
        List<PreparedAction> prepared = new ArrayList<>(subject.sets().size());
        for (PolicySet set : subject.sets()) {
            prepared.add(PreparedAction.prepare(action, set, context));
        }
        return prepared;
    }

    /** The denial of an action on a resource, or null when every set allows it. */
    /** {@code doing} and {@code what} say what the client did ({@code published to}, the topic); joined only for a denial. */
    PolicyDenial deny(Subject subject, Principal principal, String clientId, String action, String resource, String doing, String what,
                      List<PreparedAction> prepared) {
        boolean allowed = true;
        for (PreparedAction set : prepared) {
            if (set.decide(resource) != Decision.ALLOWED) {
                allowed = false;
                break;
            }
        }
        if (allowed) {
            return null;
        }
        List<Evaluation> evaluations = prepared.stream().map(set -> set.evaluate(resource)).toList();
        Evaluation evaluation = Evaluation.all(evaluations);
        return new PolicyDenial(clientId, principal, action, resource,
                evaluation.decision() == Decision.EXPLICIT_DENY ? PolicyDenial.Decision.EXPLICIT_DENY : PolicyDenial.Decision.IMPLICIT_DENY,
                names(evaluation.allowed()), names(evaluation.explicitDeny()), names(evaluation.implicitDeny()),
                evaluation.missingContextValues(), Explanations.explain(subject, action, resource, doing + " '" + what + "'", prepared, evaluations),
                clock.instant());
    }

    private static List<String> names(List<Evaluation.PolicyRef> policies) {
        return policies.stream().map(Evaluation.PolicyRef::policyName).distinct().toList();
    }

    /**
     * Who is evaluated for a principal, read from the account at one moment; null for the debugging listener's
     * clients, which prove nothing and are not evaluated.
     *
     * @param clientId     the MQTT client id; empty over HTTPS, where thing variables do not resolve
     * @param identityPool for TestAuthorization: whether an identity pool was named; empty for real requests
     */
    Subject subject(Principal principal, Optional<String> clientId, Optional<Boolean> identityPool, List<EffectivePolicy> added,
                    Set<String> skipped) {
        RequestContext.Builder context = RequestContext.builder()
                .put(RequestContext.SOURCE_IP, principal.sourceAddress().isEmpty() ? null : principal.sourceAddress())
                .put(RequestContext.DOMAIN_NAME, domainName);
        clientId.ifPresent(id -> context.put(RequestContext.CLIENT_ID, id));
        String noThing = clientId.isEmpty()
                ? "requests over HTTPS have no thing (AWS IoT resolves thing variables only for MQTT connections)"
                : "the connection has no thing: its client id '" + clientId.get() + "' names no thing attached to the principal, "
                  + "and no thing is attached to it exclusively (attach the thing with AttachThingPrincipal, or connect with the thing's name as client id)";
        return switch (principal.kind()) {
            case UNAUTHENTICATED_DEBUG -> null;
            case CERTIFICATE -> {
                String target = certificateArn(principal.id());
                Optional<String> thing = clientId.isEmpty() ? Optional.empty() : principal.thingName();
                Policies.AuthorizationFacts facts = account.policies().authorizationFacts(target, thing, clientId);
                addThing(context, facts, clientId);
                facts.certificatePem().ifPresent(pem -> context.putAll(certificateVariables(principal.id(), pem)));
                List<PolicySet.Named> policies = new ArrayList<>();
                named(policies, facts.policies(), "", skipped);
                facts.groupPolicies().forEach((group, groupPolicies) -> named(policies, groupPolicies, "thing group " + group, skipped));
                named(policies, added, "", Set.of());
                String whose = "certificate " + shortId(principal.id());
                yield new Subject(whose, target, List.of(new PolicySet(PolicySet.Kind.IOT, whose + (thingsGroups(facts)), dedupe(policies))),
                        context.build(), noThing);
            }
            case COGNITO_AUTHENTICATED, COGNITO_UNAUTHENTICATED, FOREIGN_CREDENTIALS -> {
                // TestAuthorization names an identity pool, or not: without one only the identity's IoT policies count
                boolean authenticated = principal.kind() != Principal.Kind.COGNITO_UNAUTHENTICATED;
                boolean iamOnly = principal.kind() == Principal.Kind.FOREIGN_CREDENTIALS;
                boolean withRole = identityPool.orElse(true) || !authenticated;
                List<PolicySet> sets = new ArrayList<>();
                String target = "";
                if (principal.kind() != Principal.Kind.FOREIGN_CREDENTIALS && !principal.id().isEmpty()) {
                    context.put(RequestContext.COGNITO_SUB, principal.id());
                    context.put(RequestContext.COGNITO_AUD, identityPoolId);
                    context.putAll(RequestContext.COGNITO_AMR, authenticated ? List.of("authenticated", userPoolProvider) : List.of("unauthenticated"));
                }
                if (authenticated && !iamOnly) {
                    target = principal.id();
                    Policies.AuthorizationFacts facts = account.policies().authorizationFacts(target, clientId, clientId);
                    if (facts.namedThingAttached()) {
                        addThing(context, facts, clientId);
                    } else {
                        clientId.ifPresent(any -> context.put(RequestContext.THING_IS_ATTACHED, "false"));
                    }
                    List<PolicySet.Named> policies = new ArrayList<>();
                    named(policies, facts.policies(), "", skipped);
                    named(policies, added, "", Set.of());
                    sets.add(new PolicySet(PolicySet.Kind.IOT, "Cognito identity " + principal.id(), dedupe(policies)));
                }
                if (withRole) {
                    sets.add(authenticated
                            ? new PolicySet(PolicySet.Kind.IAM, "the identity pool's authenticated role",
                                    List.of(new PolicySet.Named("authenticated-role", "arn:aws:iam::" + account.accountId()
                                            + ":role/iot-local-authenticated-role", authenticatedRole, "")))
                            : new PolicySet(PolicySet.Kind.IAM, "the identity pool's unauthenticated role",
                                    List.of(new PolicySet.Named("unauthenticated-role", "arn:aws:iam::" + account.accountId()
                                            + ":role/iot-local-unauthenticated-role", unauthenticatedRole, ""))));
                }
                String whose = principal.kind() == Principal.Kind.FOREIGN_CREDENTIALS
                        ? "foreign credentials " + principal.id()
                        : (authenticated ? "Cognito identity " : "unauthenticated Cognito identity ") + principal.id();
                yield new Subject(whose, target, sets, context.build(), noThing);
            }
        };
    }

    private static String thingsGroups(Policies.AuthorizationFacts facts) {
        return facts.thing().map(thing -> " (thing " + thing.name() + (facts.groupPolicies().isEmpty() ? "" : " and its groups") + ")").orElse("");
    }

    private static void addThing(RequestContext.Builder context, Policies.AuthorizationFacts facts, Optional<String> clientId) {
        facts.thing().ifPresent(thing -> {
            context.put(RequestContext.THING_NAME, thing.name());
            thing.thingTypeName().ifPresent(type -> context.put(RequestContext.THING_TYPE_NAME, type));
            thing.attributes().forEach((name, value) -> context.put(RequestContext.THING_ATTRIBUTES + "[" + name + "]", value));
        });
        clientId.ifPresent(any -> context.put(RequestContext.THING_IS_ATTACHED, Boolean.toString(facts.namedThingAttached())));
    }

    private static void named(List<PolicySet.Named> into, Collection<EffectivePolicy> policies, String via, Set<String> skipped) {
        for (EffectivePolicy policy : policies) {
            if (!skipped.contains(policy.policyName())) {
                into.add(new PolicySet.Named(policy.policyName(), policy.policyArn(), policy.compiled(), via));
            }
        }
    }

    /** Each policy once, where it was first found (attached directly before inherited). */
    private static List<PolicySet.Named> dedupe(List<PolicySet.Named> policies) {
        Map<String, PolicySet.Named> byName = new LinkedHashMap<>();
        policies.forEach(policy -> byName.putIfAbsent(policy.name(), policy));
        return List.copyOf(byName.values());
    }

    /** A certificate's variables, read once per certificate (a certificate never changes; its id is its hash). */
    private RequestContext certificateVariables(String certificateId, String pem) {
        RequestContext known = certificateVariables.get(certificateId);
        if (known != null) {
            return known;
        }
        RequestContext.Builder variables = RequestContext.builder();
        try {
            CertificateVariables.addTo(variables, Pem.certificate(pem));
        } catch (RuntimeException e) {
            LOG.debug("Certificate {} has no readable attributes: {}", certificateId, e.toString());
        }
        if (certificateVariables.size() >= MAXIMUM_CERTIFICATES_KEPT) {
            certificateVariables.clear();
        }
        RequestContext read = variables.build();
        certificateVariables.put(certificateId, read);
        return read;
    }

    /** Subscribes to every change of the account (after it is made, before its caller hears of it). */
    public void onAccountChange(Runnable listener) {
        account.onChange(listener);
    }

    private String certificateArn(String certificateId) {
        return account.arn("cert", certificateId);
    }

    private static String shortId(String certificateId) {
        return certificateId.length() > 12 ? certificateId.substring(0, 12) + "…" : certificateId;
    }
}
