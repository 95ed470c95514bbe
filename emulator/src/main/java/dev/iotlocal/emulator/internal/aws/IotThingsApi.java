package dev.iotlocal.emulator.internal.aws;

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
                    attributePayload(members(request, "attributePayload")).map(AttributePayload::attributes).orElse(Map.of()),
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
                    request.bool("removeThingType").orElse(false), attributePayload(members(request, "attributePayload")).orElse(null),
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
    static Optional<AttributePayload> attributePayload(Optional<IotRequest> payload) {
        return payload.map(given -> {
            Map<String, String> attributes = new LinkedHashMap<>();
            given.object("attributes").ifPresent(members -> members.properties().forEach(attribute -> {
                if (!attribute.getValue().isTextual()) {
                    throw RegistryError.invalidRequest("The attribute " + ModelConstraints.shown(attribute.getKey()) + " must be a string");
                }
                attributes.put(attribute.getKey(), attribute.getValue().asText());
            }));
            return new AttributePayload(attributes, given.bool("merge").orElse(false));
        });
    }

    /**
     * An object member of the request's body, as a request whose body it is, so that its own members are read (and
     * refused when of the wrong type) as the body's are.
     */
    static Optional<IotRequest> members(IotRequest request, String member) {
        return request.object(member).map(object -> new IotRequest(request.method(), request.path(), request.labels(), request.query(),
                request.headers(), object));
    }

    static ObjectNode attributes(Map<String, String> attributes) {
        ObjectNode node = IotRequest.answer();
        attributes.forEach(node::put);
        return node;
    }

    /** An answer with one page of a things-family listing, its token as {@code nextToken}. */
    static <T> ObjectNode page(String member, Page<T> page, BiConsumer<ArrayNode, T> item) {
        return IotPages.answer(member, IotPages.NEXT_TOKEN, page, item);
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
            throw RegistryError.invalidRequest("Value '" + ModelConstraints.shown(value.get()) + "' at '" + name + "' must be an integer");
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
