package dev.iotlocal.emulator.internal.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlocal.emulator.internal.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Policies as a certificate's IoT policy set, evaluated the way the broker and TestAuthorization do: compiled once,
 * prepared for one action and request context, then asked about one resource ARN.
 */
final class PolicyFixture {

    static final String ARN_PREFIX = "arn:aws:iot:us-east-1:123456789012:";

    private PolicyFixture() {}

    static String arn(String resource) {
        return ARN_PREFIX + resource;
    }

    /** The set of the given documents, named {@code p1}, {@code p2}, ... in order. */
    static PolicySet set(String... documents) {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < documents.length; i++) {
            named.put("p" + (i + 1), documents[i]);
        }
        return set(named);
    }

    static PolicySet set(Map<String, String> documents) {
        List<PolicySet.Named> policies = new ArrayList<>();
        documents.forEach((name, document) -> policies.add(
                new PolicySet.Named(name, ARN_PREFIX + "policy/" + name, CompiledPolicy.parse(document), "certificate")));
        return new PolicySet(PolicySet.Kind.IOT, "certificate 0123abcd", policies);
    }

    /** A 2012-10-17 document of one statement, written as its JSON members (Effect, Action, Resource, ...). */
    static String statement(String members) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [{" + members + "}]}";
    }

    /**
     * The evaluation of an action on a resource, checked to agree with {@link PreparedAction#decide}, the broker's
     * shortcut to the same decision.
     */
    static Evaluation evaluate(PolicySet set, String action, String resourceArn, RequestContext context) {
        PreparedAction prepared = PreparedAction.prepare(action, set, context);
        Evaluation evaluation = prepared.evaluate(resourceArn);
        assertThat(prepared.decide(resourceArn)).as("decide(%s) agrees with evaluate", resourceArn).isEqualTo(evaluation.decision());
        return evaluation;
    }

    static Decision decision(PolicySet set, String action, String resourceArn, RequestContext context) {
        return evaluate(set, action, resourceArn, context).decision();
    }

    static Decision decision(PolicySet set, String action, String resourceArn) {
        return decision(set, action, resourceArn, RequestContext.EMPTY);
    }

    /** A request context from a JSON object of keys to arrays of values: {@code {"iot:ClientId": ["c1"]}}. */
    static RequestContext context(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a JSON object of keys to arrays: " + json, e);
        }
        RequestContext.Builder builder = RequestContext.builder();
        root.properties().forEach(entry -> {
            List<String> values = new ArrayList<>();
            entry.getValue().forEach(value -> values.add(value.asText()));
            builder.putAll(entry.getKey(), values);
        });
        return builder.build();
    }

    static List<String> names(List<Evaluation.PolicyRef> policies) {
        return policies.stream().map(Evaluation.PolicyRef::policyName).toList();
    }
}
