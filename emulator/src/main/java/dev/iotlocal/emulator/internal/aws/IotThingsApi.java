package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.AccountState.ThingPrincipalType;
import dev.iotlocal.emulator.internal.registry.AttributePayload;
import dev.iotlocal.emulator.internal.registry.ModelConstraints;
import dev.iotlocal.emulator.internal.registry.Page;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import dev.iotlocal.emulator.internal.registry.Things;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * AWS IoT's things operations (CreateThing ... ListPrincipalThingsV2) and, through {@link IotThingTypesApi} and
 * {@link IotThingGroupsApi}, thing types and thing groups: requests read as the service model binds their members,
 * answers shaped as its output shapes. The rules are the registry's ({@link Things}).
 */
final class IotThingsApi {

    /**
     * {@code maxResults} when a list request gives none. Neither the service model nor the API reference names one
     * for these lists; this is the default AWS documents for ListCertificates' {@code pageSize}.
     */
    static final int DEFAULT_MAX_RESULTS = 25;
    private static final String PRINCIPAL_HEADER = "x-amzn-principal";

    private IotThingsApi() {}

    static void register(IotRoutes routes, Supplier<AccountRegistry> account) {
        routes.add("CreateThing", "POST", "/things/{thingName}", request -> {
            Things.ThingView thing = account.get().things().create(request.label("thingName"), request.string("thingTypeName").orElse(null),
                    attributePayload(request.object("attributePayload")).map(AttributePayload::attributes).orElse(Map.of()),
                    request.string("billingGroupName").orElse(null));
            return IotRequest.answer().put("thingName", thing.name()).put("thingArn", thing.arn()).put("thingId", thing.id());
        });
        routes.add("DescribeThing", "GET", "/things/{thingName}", request -> {
            Things.ThingView thing = account.get().things().describe(request.label("thingName"));
            ObjectNode answer = IotRequest.answer().put("defaultClientId", thing.name()).put("thingName", thing.name())
                    .put("thingId", thing.id()).put("thingArn", thing.arn());
            putIfPresent(answer, "thingTypeName", thing.thingTypeName());
            answer.set("attributes", attributes(thing.attributes()));
            answer.put("version", thing.version());
            putIfPresent(answer, "billingGroupName", thing.billingGroupName());
            return answer;
        });
        routes.add("UpdateThing", "PATCH", "/things/{thingName}", request -> {
            account.get().things().update(request.label("thingName"), new Things.ThingUpdate(request.string("thingTypeName").orElse(null),
                    request.bool("removeThingType").orElse(false), attributePayload(request.object("attributePayload")).orElse(null),
                    request.number("expectedVersion").orElse(null)));
            return null;
        });
        routes.add("DeleteThing", "DELETE", "/things/{thingName}", request -> {
            account.get().things().delete(request.label("thingName"), longQuery(request, "expectedVersion"));
            return null;
        });
        routes.add("ListThings", "GET", "/things", request -> {
            Things.ThingFilter filter = new Things.ThingFilter(request.query("attributeName").orElse(null),
                    request.query("attributeValue").orElse(null), request.booleanQuery("usePrefixAttributeValue", false),
                    request.query("thingTypeName").orElse(null));
            return page("things", account.get().things().list(filter, nextToken(request), maxResults(request)), (things, thing) -> {
                ObjectNode item = things.addObject().put("thingName", thing.name());
                putIfPresent(item, "thingTypeName", thing.thingTypeName());
                item.put("thingArn", thing.arn()).set("attributes", attributes(thing.attributes()));
                item.put("version", thing.version());
            });
        });
        registerPrincipals(routes, account);
        IotThingTypesApi.register(routes, account);
        IotThingGroupsApi.register(routes, account);
    }

    private static void registerPrincipals(IotRoutes routes, Supplier<AccountRegistry> account) {
        routes.add("AttachThingPrincipal", "PUT", "/things/{thingName}/principals", request -> {
            ThingPrincipalType type = principalType(request).orElse(ThingPrincipalType.NON_EXCLUSIVE_THING);
            account.get().things().attach(request.label("thingName"), request.requiredHeader(PRINCIPAL_HEADER), type);
            return null;
        });
        routes.add("DetachThingPrincipal", "DELETE", "/things/{thingName}/principals", request -> {
            account.get().things().detach(request.label("thingName"), request.requiredHeader(PRINCIPAL_HEADER));
            return null;
        });
        routes.add("ListThingPrincipals", "GET", "/things/{thingName}/principals", request -> page("principals",
                account.get().things().principalsOf(request.label("thingName"), null, nextToken(request), maxResults(request)),
                (principals, attachment) -> principals.add(attachment.name())));
        routes.add("ListThingPrincipalsV2", "GET", "/things/{thingName}/principals-v2", request -> page("thingPrincipalObjects",
                account.get().things().principalsOf(request.label("thingName"), principalType(request).orElse(null),
                        nextToken(request), maxResults(request)),
                (objects, attachment) -> objects.addObject().put("principal", attachment.name())
                        .put("thingPrincipalType", attachment.type().name())));
        routes.add("ListPrincipalThings", "GET", "/principals/things", request -> page("things",
                account.get().things().thingsOf(request.requiredHeader(PRINCIPAL_HEADER), null, nextToken(request), maxResults(request)),
                (things, attachment) -> things.add(attachment.name())));
        routes.add("ListPrincipalThingsV2", "GET", "/principals/things-v2", request -> page("principalThingObjects",
                account.get().things().thingsOf(request.requiredHeader(PRINCIPAL_HEADER), principalType(request).orElse(null),
                        nextToken(request), maxResults(request)),
                (objects, attachment) -> objects.addObject().put("thingName", attachment.name())
                        .put("thingPrincipalType", attachment.type().name())));
    }

    /** The {@code AttributePayload} member given, its attributes all strings. */
    static Optional<AttributePayload> attributePayload(Optional<ObjectNode> payload) {
        return payload.map(given -> {
            Map<String, String> attributes = new LinkedHashMap<>();
            JsonNode members = given.get("attributes");
            if (members != null && !members.isNull()) {
                if (!members.isObject()) {
                    throw RegistryError.invalidRequest("The member attributePayload.attributes must be an object");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = members.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> attribute = it.next();
                    if (!attribute.getValue().isTextual()) {
                        throw RegistryError.invalidRequest("The attribute " + attribute.getKey() + " must be a string");
                    }
                    attributes.put(attribute.getKey(), attribute.getValue().asText());
                }
            }
            JsonNode merge = given.get("merge");
            if (merge != null && !merge.isNull() && !merge.isBoolean()) {
                throw RegistryError.invalidRequest("The member attributePayload.merge must be a boolean");
            }
            return new AttributePayload(attributes, merge != null && merge.asBoolean());
        });
    }

    /** A string member of an object nested in the body, or null. */
    static String text(ObjectNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw RegistryError.invalidRequest("The member " + member + " must be a string");
        }
        return value.asText();
    }

    /** An object member of an object nested in the body, if present. */
    static Optional<ObjectNode> object(ObjectNode object, String member) {
        JsonNode value = object.get(member);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw RegistryError.invalidRequest("The member " + member + " must be an object");
        }
        return Optional.of((ObjectNode) value);
    }

    static ObjectNode attributes(Map<String, String> attributes) {
        ObjectNode node = IotRequest.answer();
        attributes.forEach(node::put);
        return node;
    }

    /** An answer with one page: its items as {@code member} and, unless it is the last, {@code nextToken}. */
    static <T> ObjectNode page(String member, Page<T> page, BiConsumer<ArrayNode, T> item) {
        ObjectNode answer = IotRequest.answer();
        ArrayNode items = answer.putArray(member);
        page.items().forEach(each -> item.accept(items, each));
        page.next().ifPresent(next -> answer.put("nextToken", next));
        return answer;
    }

    static String nextToken(IotRequest request) {
        return request.query("nextToken").orElse(null);
    }

    static int maxResults(IotRequest request) {
        return request.intQuery("maxResults", 1, 250, DEFAULT_MAX_RESULTS);
    }

    /** A long query parameter such as {@code expectedVersion}, or null when absent. */
    static Long longQuery(IotRequest request, String name) {
        Optional<String> value = request.query(name);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(value.get());
        } catch (NumberFormatException notANumber) {
            throw RegistryError.invalidRequest("Value '" + value.get() + "' at '" + name + "' must be an integer");
        }
    }

    static void putIfPresent(ObjectNode node, String member, String value) {
        if (value != null) {
            node.put(member, value);
        }
    }

    private static Optional<ThingPrincipalType> principalType(IotRequest request) {
        return request.query("thingPrincipalType").map(value -> {
            try {
                return ThingPrincipalType.valueOf(value);
            } catch (IllegalArgumentException unknown) {
                throw ModelConstraints.violation(value, "thingPrincipalType", "Member must satisfy enum value set: "
                        + Arrays.toString(ThingPrincipalType.values()));
            }
        });
    }
}
