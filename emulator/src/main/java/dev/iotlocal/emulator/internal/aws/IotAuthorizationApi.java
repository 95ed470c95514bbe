package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.policy.CompiledPolicy;
import dev.iotlocal.emulator.internal.policy.Decision;
import dev.iotlocal.emulator.internal.policy.Evaluation;
import dev.iotlocal.emulator.internal.policy.PolicyEvaluator;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.ModelConstraints;
import dev.iotlocal.emulator.internal.registry.Policies;
import dev.iotlocal.emulator.internal.registry.Policies.EffectivePolicy;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import dev.iotlocal.emulator.internal.registry.ThingGroups;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * AWS IoT's policy debugging operations: TestAuthorization, answered by the one {@link PolicyEvaluator} the broker
 * and the data plane ask, and GetEffectivePolicies, the policies in effect for a principal and a thing (with the
 * thing's groups and their ancestors). Only IoT policies are listed; the identity pool's role policies take part in
 * TestAuthorization's decisions.
 */
final class IotAuthorizationApi {

    /** {@code AuthInfos}: 1 to 10 in the service model. */
    private static final int MAX_AUTH_INFOS = 10;
    /** {@code Resource}: at most 2048 characters in the service model. */
    private static final int MAX_RESOURCE_LENGTH = 2048;
    /** {@code ActionType}, in the model's order, to the policy action it tests. */
    private static final Map<String, String> ACTIONS = actions();
    /** More groups than a thing can be in with all their ancestors (10 groups, hierarchies 7 deep). */
    private static final int ALL_GROUPS = 1_000;

    private IotAuthorizationApi() {}

    static void register(IotRoutes routes, Supplier<AccountRegistry> account, Supplier<PolicyEvaluator> evaluator) {
        routes.add("TestAuthorization", "POST", "/test-authorization", request -> testAuthorization(request, account.get(), evaluator.get()));
        routes.add("GetEffectivePolicies", "POST", "/effective-policies", request -> effectivePolicies(request, account.get()));
    }

    /** One {@code authInfo} as asked: the action type, its policy action and the resource ARNs. */
    private record AuthInfo(String actionType, String action, List<String> resources) {}

    private static ObjectNode testAuthorization(IotRequest request, AccountRegistry account, PolicyEvaluator evaluator) {
        Optional<String> principal = request.string("principal");
        boolean identityPool = request.string("cognitoIdentityPoolId").isPresent();
        if (principal.isEmpty() && !identityPool) {
            throw RegistryError.invalidRequest("TestAuthorization needs a principal (a certificate ARN or Cognito identity id), "
                    + "a cognitoIdentityPoolId (for the pool's unauthenticated role), or both");
        }
        // the things registry reads principals as every other operation does: a malformed one is an
        // InvalidRequestException, a certificate that is not this account's a ResourceNotFoundException
        principal.ifPresent(text -> account.things().thingsOf(text, null, null, 1));
        List<AuthInfo> authInfos = authInfos(request);
        List<EffectivePolicy> added = new ArrayList<>();
        for (String name : names(request, "policyNamesToAdd")) {
            // the default version of an existing policy, as attaching it would apply it
            Policies.Version version = account.policies().get(name);
            added.add(new EffectivePolicy(name, version.policyArn(), version.versionId(), CompiledPolicy.parse(version.document())));
        }
        Set<String> skipped = Set.copyOf(names(request, "policyNamesToSkip"));

        List<Map.Entry<String, String>> requests = new ArrayList<>();
        authInfos.forEach(info -> info.resources().forEach(resource -> requests.add(Map.entry(info.action(), resource))));
        List<Evaluation> evaluations = evaluator.test(principal, identityPool, request.query("clientId"), requests, added, skipped);

        ObjectNode answer = IotRequest.answer();
        ArrayNode results = answer.putArray("authResults");
        int next = 0;
        for (AuthInfo info : authInfos) {
            List<Evaluation> mine = evaluations.subList(next, next + info.resources().size());
            next += info.resources().size();
            authResult(results.addObject(), info, mine);
        }
        return answer;
    }

    /**
     * One {@code authResult} per {@code authInfo}, as the model documents: its decision is the strictest of its
     * resources' (an explicit deny of any, else an implicit deny of any), and each list names every policy that
     * played that part for any of them, once.
     */
    private static void authResult(ObjectNode result, AuthInfo info, List<Evaluation> evaluations) {
        ObjectNode authInfo = result.putObject("authInfo").put("actionType", info.actionType());
        info.resources().forEach(authInfo.putArray("resources")::add);
        Evaluation merged = Evaluation.all(evaluations);
        policies(result.putObject("allowed"), merged.allowed());
        ObjectNode denied = result.putObject("denied");
        policies(denied.putObject("implicitDeny"), merged.implicitDeny());
        policies(denied.putObject("explicitDeny"), merged.explicitDeny());
        result.put("authDecision", merged.decision().name());
        merged.missingContextValues().forEach(result.putArray("missingContextValues")::add);
    }

    private static void policies(ObjectNode into, Collection<Evaluation.PolicyRef> policies) {
        ArrayNode list = into.putArray("policies");
        policies.forEach(policy -> list.addObject().put("policyName", policy.policyName()).put("policyArn", policy.policyArn()));
    }

    /** {@code authInfos}, checked as the model constrains them. */
    private static List<AuthInfo> authInfos(IotRequest request) {
        JsonNode list = request.body().get("authInfos");
        if (list == null || list.isNull()) {
            throw ModelConstraints.violation(null, "authInfos", "Member must not be null");
        }
        if (!list.isArray()) {
            throw RegistryError.invalidRequest("The member authInfos must be a list");
        }
        if (list.isEmpty()) {
            throw ModelConstraints.violation("authInfos", "Member must have length greater than or equal to 1");
        }
        if (list.size() > MAX_AUTH_INFOS) {
            throw ModelConstraints.violation("authInfos", "Member must have length less than or equal to " + MAX_AUTH_INFOS);
        }
        List<AuthInfo> authInfos = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String member = "authInfos." + (i + 1) + ".member.";
            JsonNode info = list.get(i);
            if (!info.isObject()) {
                throw RegistryError.invalidRequest("Each member of authInfos must be an object");
            }
            JsonNode type = info.get("actionType");
            if (type == null || type.isNull()) {
                // the model does not require it, but there is nothing to test without it
                throw RegistryError.invalidRequest("authInfo " + (i + 1) + " has no actionType; it is one of " + ACTIONS.keySet());
            }
            String action = type.isTextual() ? ACTIONS.get(type.asText()) : null;
            if (action == null) {
                throw ModelConstraints.violation(type.asText(), member + "actionType", "Member must satisfy enum value set: " + ACTIONS.keySet());
            }
            authInfos.add(new AuthInfo(type.asText(), action, resources(info.get("resources"), member + "resources", i + 1)));
        }
        return authInfos;
    }

    private static List<String> resources(JsonNode list, String member, int authInfo) {
        if (list == null || list.isNull()) {
            throw ModelConstraints.violation(null, member, "Member must not be null");
        }
        if (!list.isArray()) {
            throw RegistryError.invalidRequest("The member " + member + " must be a list");
        }
        if (list.isEmpty()) {
            // the model sets no minimum, but an authorization of nothing has no decision
            throw RegistryError.invalidRequest("authInfo " + authInfo + " has no resources; give the ARNs to test, "
                    + "such as arn:aws:iot:<region>:<account>:topic/<topic>");
        }
        List<String> resources = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode resource = list.get(i);
            if (!resource.isTextual()) {
                throw RegistryError.invalidRequest("The member " + member + " must be a list of strings");
            }
            if (resource.asText().length() > MAX_RESOURCE_LENGTH) {
                throw ModelConstraints.violation(member + "." + (i + 1) + ".member",
                        "Member must have length less than or equal to " + MAX_RESOURCE_LENGTH);
            }
            resources.add(resource.asText());
        }
        return resources;
    }

    /** A list of policy names, empty when absent. */
    private static List<String> names(IotRequest request, String member) {
        JsonNode list = request.body().get(member);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw RegistryError.invalidRequest("The member " + member + " must be a list");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : list) {
            if (!name.isTextual()) {
                throw RegistryError.invalidRequest("The member " + member + " must be a list of strings");
            }
            names.add(name.asText());
        }
        return names;
    }

    /**
     * GetEffectivePolicies: the principal's policies, then those of the thing's groups and their ancestors, each
     * once, with its default version's document. An identity pool adds no IoT policy: its roles' policies are IAM's.
     */
    private static ObjectNode effectivePolicies(IotRequest request, AccountRegistry account) {
        Optional<String> principal = request.string("principal");
        Optional<String> thingName = request.query("thingName");
        if (principal.isEmpty() && thingName.isEmpty() && request.string("cognitoIdentityPoolId").isEmpty()) {
            throw RegistryError.invalidRequest("GetEffectivePolicies needs a principal, a thingName or a cognitoIdentityPoolId");
        }
        List<String> targets = new ArrayList<>();
        principal.ifPresent(target -> {
            // the policies registry reads targets as AttachPolicy does (certificate, thing group, Cognito identity):
            // malformed is an InvalidRequestException, a certificate or group that does not exist a ResourceNotFoundException
            account.policies().attachedTo(target, false, null, 1, true);
            targets.add(target);
        });
        thingName.ifPresent(thing -> account.things().groups().groupsOf(thing, null, ALL_GROUPS).items().stream()
                .map(ThingGroups.GroupRef::arn)
                .forEach(targets::add));
        Map<String, EffectivePolicy> byName = new LinkedHashMap<>();
        account.policies().effectivePolicies(targets).values()
                .forEach(policies -> policies.forEach(policy -> byName.putIfAbsent(policy.policyName(), policy)));
        ObjectNode answer = IotRequest.answer();
        ArrayNode list = answer.putArray("effectivePolicies");
        for (EffectivePolicy policy : byName.values()) {
            list.addObject().put("policyName", policy.policyName()).put("policyArn", policy.policyArn())
                    .put("policyDocument", account.policies().version(policy.policyName(), policy.versionId()).document());
        }
        return answer;
    }

    private static Map<String, String> actions() {
        Map<String, String> actions = new LinkedHashMap<>();
        actions.put("PUBLISH", PolicyEvaluator.PUBLISH);
        actions.put("SUBSCRIBE", PolicyEvaluator.SUBSCRIBE);
        actions.put("RECEIVE", PolicyEvaluator.RECEIVE);
        actions.put("CONNECT", PolicyEvaluator.CONNECT);
        return Collections.unmodifiableMap(actions);
    }
}
