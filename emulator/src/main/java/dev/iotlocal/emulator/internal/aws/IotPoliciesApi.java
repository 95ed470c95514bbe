package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.ModelConstraints;
import dev.iotlocal.emulator.internal.registry.Page;
import dev.iotlocal.emulator.internal.registry.Policies;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * AWS IoT's policy operations: policies and their versions, and attaching them to certificates, thing groups and
 * Cognito identities (with the deprecated principal-policy operations older tools still call), as the service model
 * binds them. The logic is {@link Policies}'; this maps requests and answers.
 */
final class IotPoliciesApi {

    /** AWS does not document the default page size of these listings; the largest one allowed lists most accounts whole. */
    private static final int DEFAULT_PAGE_SIZE = 250;
    private static final int MAX_PAGE_SIZE = 250;

    private IotPoliciesApi() {}

    static void register(IotRoutes routes, Supplier<AccountRegistry> account) {
        Supplier<Policies> policies = () -> account.get().policies();
        routes.add("CreatePolicy", "POST", "/policies/{policyName}", request -> {
            Policies.Version created = policies.get().create(request.label("policyName"), request.requiredString("policyDocument"),
                    tags(request));
            return IotRequest.answer().put("policyName", created.policyName()).put("policyArn", created.policyArn())
                    .put("policyDocument", created.document()).put("policyVersionId", created.versionId());
        });
        routes.add("GetPolicy", "GET", "/policies/{policyName}", request -> {
            Policies.Version policy = policies.get().get(request.label("policyName"));
            return IotRequest.answer().put("policyName", policy.policyName()).put("policyArn", policy.policyArn())
                    .put("policyDocument", policy.document()).put("defaultVersionId", policy.versionId())
                    .put("creationDate", IotRequest.epochSeconds(policy.creationDate())).put("lastModifiedDate", IotRequest.epochSeconds(policy.lastModifiedDate()))
                    .put("generationId", policy.generationId());
        });
        // isAscendingOrder absent is false, newest first, as AWS CLI's list-policies example answers
        routes.add("ListPolicies", "GET", "/policies", request -> policyPage(policies.get().list(
                request.query("marker").orElse(null), pageSize(request), request.booleanQuery("isAscendingOrder", false))));
        routes.add("DeletePolicy", "DELETE", "/policies/{policyName}", request -> {
            policies.get().delete(request.label("policyName"));
            return null;
        });
        routes.add("CreatePolicyVersion", "POST", "/policies/{policyName}/version", request -> {
            Policies.Version created = policies.get().createVersion(request.label("policyName"),
                    request.requiredString("policyDocument"), request.booleanQuery("setAsDefault", false));
            return IotRequest.answer().put("policyArn", created.policyArn()).put("policyDocument", created.document())
                    .put("policyVersionId", created.versionId()).put("isDefaultVersion", created.isDefaultVersion());
        });
        routes.add("ListPolicyVersions", "GET", "/policies/{policyName}/version", request -> {
            ObjectNode answer = IotRequest.answer();
            ArrayNode versions = answer.putArray("policyVersions");
            policies.get().versions(request.label("policyName")).forEach(version -> versions.addObject()
                    .put("versionId", version.versionId()).put("isDefaultVersion", version.isDefaultVersion())
                    .put("createDate", IotRequest.epochSeconds(version.creationDate())));
            return answer;
        });
        routes.add("GetPolicyVersion", "GET", "/policies/{policyName}/version/{policyVersionId}", request -> {
            Policies.Version version = policies.get().version(request.label("policyName"), request.label("policyVersionId"));
            return IotRequest.answer().put("policyArn", version.policyArn()).put("policyName", version.policyName())
                    .put("policyDocument", version.document()).put("policyVersionId", version.versionId())
                    .put("isDefaultVersion", version.isDefaultVersion()).put("creationDate", IotRequest.epochSeconds(version.creationDate()))
                    .put("lastModifiedDate", IotRequest.epochSeconds(version.lastModifiedDate())).put("generationId", version.generationId());
        });
        routes.add("SetDefaultPolicyVersion", "PATCH", "/policies/{policyName}/version/{policyVersionId}", request -> {
            policies.get().setDefaultVersion(request.label("policyName"), request.label("policyVersionId"));
            return null;
        });
        routes.add("DeletePolicyVersion", "DELETE", "/policies/{policyName}/version/{policyVersionId}", request -> {
            policies.get().deleteVersion(request.label("policyName"), request.label("policyVersionId"));
            return null;
        });
        routes.add("AttachPolicy", "PUT", "/target-policies/{policyName}", request -> {
            policies.get().attach(request.label("policyName"), request.requiredString("target"));
            return null;
        });
        routes.add("DetachPolicy", "POST", "/target-policies/{policyName}", request -> {
            policies.get().detach(request.label("policyName"), request.requiredString("target"));
            return null;
        });
        routes.add("ListAttachedPolicies", "POST", "/attached-policies/{target}", request -> policyPage(policies.get().attachedTo(
                request.label("target"), request.booleanQuery("recursive", false), request.query("marker").orElse(null),
                pageSize(request), true)));
        routes.add("ListTargetsForPolicy", "POST", "/policy-targets/{policyName}", request -> stringPage("targets",
                policies.get().targets(request.label("policyName"), request.query("marker").orElse(null), pageSize(request), true)));
        registerDeprecated(routes, policies);
    }

    /** The principal-policy operations AWS deprecated for the target-policy ones above: the same logic, principals in headers. */
    private static void registerDeprecated(IotRoutes routes, Supplier<Policies> policies) {
        String principal = "x-amzn-iot-principal";
        routes.add("AttachPrincipalPolicy", "PUT", "/principal-policies/{policyName}", request -> {
            policies.get().attach(request.label("policyName"), request.requiredHeader(principal));
            return null;
        });
        routes.add("DetachPrincipalPolicy", "DELETE", "/principal-policies/{policyName}", request -> {
            policies.get().detach(request.label("policyName"), request.requiredHeader(principal));
            return null;
        });
        routes.add("ListPrincipalPolicies", "GET", "/principal-policies", request -> policyPage(policies.get().attachedTo(
                request.requiredHeader(principal), false, request.query("marker").orElse(null), pageSize(request),
                request.booleanQuery("isAscendingOrder", false))));
        routes.add("ListPolicyPrincipals", "GET", "/policy-principals", request -> stringPage("principals",
                policies.get().principals(request.requiredHeader("x-amzn-iot-policy"), request.query("marker").orElse(null),
                        pageSize(request), request.booleanQuery("isAscendingOrder", false))));
    }

    /** CreatePolicy's {@code tags}: [{@code Key}, {@code Value}], checked as the model constrains them. */
    private static Map<String, String> tags(IotRequest request) {
        List<Map.Entry<String, String>> tags = new ArrayList<>();
        JsonNode list = request.body().get("tags");
        if (list == null || list.isNull()) {
            return Map.of();
        }
        if (!list.isArray()) {
            throw RegistryError.invalidRequest("The member tags must be a list");
        }
        for (JsonNode tag : list) {
            JsonNode key = tag.get("Key");
            JsonNode value = tag.get("Value");
            if (key == null || !key.isTextual() || (value != null && !value.isNull() && !value.isTextual())) {
                throw RegistryError.invalidRequest("Each tag must have a string Key and may have a string Value");
            }
            tags.add(Map.entry(key.asText(), value == null || value.isNull() ? "" : value.asText()));
        }
        return ModelConstraints.tags(tags);
    }

    private static int pageSize(IotRequest request) {
        return request.intQuery("pageSize", 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE);
    }

    private static ObjectNode policyPage(Page<Policies.Listed> page) {
        return IotPages.answer("policies", IotPages.NEXT_MARKER, page, (items, policy) -> items.addObject()
                .put("policyName", policy.policyName()).put("policyArn", policy.policyArn()));
    }

    private static ObjectNode stringPage(String member, Page<String> page) {
        return IotPages.answer(member, IotPages.NEXT_MARKER, page, ArrayNode::add);
    }

}
