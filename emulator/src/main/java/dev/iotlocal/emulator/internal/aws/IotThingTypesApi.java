package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import dev.iotlocal.emulator.internal.registry.ThingTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * AWS IoT's thing type operations, as far as things need them: Create, Describe, List, Deprecate and
 * DeleteThingType. {@code mqtt5Configuration} and {@code tags} are accepted and not kept: nothing the emulator does
 * reads them.
 */
final class IotThingTypesApi {

    private IotThingTypesApi() {}

    static void register(IotRoutes routes, Supplier<AccountRegistry> account) {
        routes.add("CreateThingType", "POST", "/thing-types/{thingTypeName}", request -> {
            Optional<IotRequest> properties = IotThingsApi.members(request, "thingTypeProperties");
            ThingTypes.ThingTypeView type = account.get().things().types().create(request.label("thingTypeName"),
                    properties.flatMap(given -> given.string("thingTypeDescription")).orElse(null),
                    properties.map(IotThingTypesApi::searchableAttributes).orElse(List.of()));
            return IotRequest.answer().put("thingTypeName", type.name()).put("thingTypeArn", type.arn()).put("thingTypeId", type.id());
        });
        routes.add("DescribeThingType", "GET", "/thing-types/{thingTypeName}", request -> {
            ThingTypes.ThingTypeView type = account.get().things().types().describe(request.label("thingTypeName"));
            ObjectNode answer = IotRequest.answer().put("thingTypeName", type.name()).put("thingTypeId", type.id())
                    .put("thingTypeArn", type.arn());
            describe(answer, type);
            return answer;
        });
        routes.add("ListThingTypes", "GET", "/thing-types", request -> IotThingsApi.page("thingTypes",
                account.get().things().types().list(request.query("thingTypeName").orElse(null), IotThingsApi.nextToken(request),
                        IotThingsApi.maxResults(request)),
                (types, type) -> describe(types.addObject().put("thingTypeName", type.name()).put("thingTypeArn", type.arn()), type)));
        routes.add("DeprecateThingType", "POST", "/thing-types/{thingTypeName}/deprecate", request -> {
            account.get().things().types().deprecate(request.label("thingTypeName"), request.bool("undoDeprecate").orElse(false));
            return null;
        });
        routes.add("DeleteThingType", "DELETE", "/thing-types/{thingTypeName}", request -> {
            account.get().things().types().delete(request.label("thingTypeName"));
            return null;
        });
    }

    /** Adds {@code thingTypeProperties} and {@code thingTypeMetadata}. */
    private static void describe(ObjectNode node, ThingTypes.ThingTypeView type) {
        ObjectNode properties = node.putObject("thingTypeProperties");
        IotThingsApi.putIfPresent(properties, "thingTypeDescription", type.description());
        type.searchableAttributes().forEach(properties.putArray("searchableAttributes")::add);
        ObjectNode metadata = node.putObject("thingTypeMetadata").put("deprecated", type.deprecated());
        if (type.deprecationDate() != null) {
            metadata.put("deprecationDate", IotRequest.epochSeconds(type.deprecationDate()));
        }
        metadata.put("creationDate", IotRequest.epochSeconds(type.creationDate()));
    }

    private static List<String> searchableAttributes(IotRequest properties) {
        List<String> attributes = new ArrayList<>();
        JsonNode list = properties.body().get("searchableAttributes");
        if (list == null || list.isNull()) {
            return attributes;
        }
        if (!list.isArray()) {
            throw RegistryError.invalidRequest("The member searchableAttributes must be a list");
        }
        for (JsonNode attribute : list) {
            if (!attribute.isTextual()) {
                throw RegistryError.invalidRequest("The member searchableAttributes must be a list of strings");
            }
            attributes.add(attribute.asText());
        }
        return attributes;
    }
}
