package dev.iotlocal.emulator.internal.aws;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.internal.registry.AttributePayload;
import dev.iotlocal.emulator.internal.registry.RegistryError;
import dev.iotlocal.emulator.internal.registry.ThingGroups;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * AWS IoT's static thing group operations: Create, Describe, Update, Delete and ListThingGroups,
 * AddThingToThingGroup, RemoveThingFromThingGroup, ListThingsInThingGroup and ListThingGroupsForThing. Dynamic
 * groups (a {@code queryString}) are not emulated; {@code tags} are accepted and not kept.
 */
final class IotThingGroupsApi {

    private IotThingGroupsApi() {}

    static void register(IotRoutes routes, Supplier<AccountRegistry> account) {
        routes.add("CreateThingGroup", "POST", "/thing-groups/{thingGroupName}", request -> {
            Optional<IotRequest> properties = IotThingsApi.members(request, "thingGroupProperties");
            ThingGroups.ThingGroupView group = groups(account).create(request.label("thingGroupName"),
                    request.string("parentGroupName").orElse(null), description(properties),
                    attributePayload(properties).map(AttributePayload::attributes).orElse(Map.of()));
            return IotRequest.answer().put("thingGroupName", group.name()).put("thingGroupArn", group.arn())
                    .put("thingGroupId", group.id());
        });
        routes.add("DescribeThingGroup", "GET", "/thing-groups/{thingGroupName}", request ->
                describe(groups(account).describe(request.label("thingGroupName"))));
        routes.add("UpdateThingGroup", "PATCH", "/thing-groups/{thingGroupName}", request -> {
            Optional<IotRequest> properties = Optional.of(IotThingsApi.members(request, "thingGroupProperties")
                    .orElseThrow(() -> RegistryError.invalidRequest("Missing required parameter in body: thingGroupProperties")));
            long version = groups(account).update(request.label("thingGroupName"), description(properties),
                    attributePayload(properties).orElse(null), request.number("expectedVersion").orElse(null));
            return IotRequest.answer().put("version", version);
        });
        routes.add("DeleteThingGroup", "DELETE", "/thing-groups/{thingGroupName}", request -> {
            groups(account).delete(request.label("thingGroupName"), IotThingsApi.longQuery(request, "expectedVersion"));
            return null;
        });
        // recursive absent is true: see ThingGroups.list
        routes.add("ListThingGroups", "GET", "/thing-groups", request -> IotThingsApi.page("thingGroups",
                groups(account).list(request.query("parentGroup").orElse(null), request.query("namePrefixFilter").orElse(null),
                        request.booleanQuery("recursive", true), IotThingsApi.nextToken(request), IotThingsApi.maxResults(request)),
                IotThingGroupsApi::addRef));
        routes.add("AddThingToThingGroup", "PUT", "/thing-groups/addThingToThingGroup", request -> {
            // overrideDynamicGroups only matters with dynamic groups, which are not emulated
            groups(account).addThing(request.string("thingGroupName").orElse(null), request.string("thingGroupArn").orElse(null),
                    request.string("thingName").orElse(null), request.string("thingArn").orElse(null));
            return null;
        });
        routes.add("RemoveThingFromThingGroup", "PUT", "/thing-groups/removeThingFromThingGroup", request -> {
            groups(account).removeThing(request.string("thingGroupName").orElse(null), request.string("thingGroupArn").orElse(null),
                    request.string("thingName").orElse(null), request.string("thingArn").orElse(null));
            return null;
        });
        routes.add("ListThingsInThingGroup", "GET", "/thing-groups/{thingGroupName}/things", request -> IotThingsApi.page("things",
                groups(account).thingsIn(request.label("thingGroupName"), request.booleanQuery("recursive", false),
                        IotThingsApi.nextToken(request), IotThingsApi.maxResults(request)),
                ArrayNode::add));
        routes.add("ListThingGroupsForThing", "GET", "/things/{thingName}/thing-groups", request -> IotThingsApi.page("thingGroups",
                groups(account).groupsOf(request.label("thingName"), IotThingsApi.nextToken(request), IotThingsApi.maxResults(request)),
                IotThingGroupsApi::addRef));
    }

    private static ThingGroups groups(Supplier<AccountRegistry> account) {
        return account.get().things().groups();
    }

    /** The {@code thingGroupProperties}' description, or null. */
    private static String description(Optional<IotRequest> properties) {
        return properties.flatMap(given -> given.string("thingGroupDescription")).orElse(null);
    }

    /** The {@code thingGroupProperties}' attribute payload, if any. */
    private static Optional<AttributePayload> attributePayload(Optional<IotRequest> properties) {
        return properties.flatMap(given -> IotThingsApi.attributePayload(IotThingsApi.members(given, "attributePayload")));
    }

    private static ObjectNode describe(ThingGroups.ThingGroupView group) {
        ObjectNode answer = IotRequest.answer().put("thingGroupName", group.name()).put("thingGroupId", group.id())
                .put("thingGroupArn", group.arn()).put("version", group.version());
        ObjectNode properties = answer.putObject("thingGroupProperties");
        IotThingsApi.putIfPresent(properties, "thingGroupDescription", group.description());
        if (!group.attributes().isEmpty()) {
            properties.putObject("attributePayload").set("attributes", IotThingsApi.attributes(group.attributes()));
        }
        ObjectNode metadata = answer.putObject("thingGroupMetadata");
        IotThingsApi.putIfPresent(metadata, "parentGroupName", group.parentGroupName());
        if (!group.rootToParent().isEmpty()) {
            ArrayNode ancestors = metadata.putArray("rootToParentThingGroups");
            group.rootToParent().forEach(ancestor -> addRef(ancestors, ancestor));
        }
        metadata.put("creationDate", IotRequest.epochSeconds(group.creationDate()));
        return answer;
    }

    private static void addRef(ArrayNode list, ThingGroups.GroupRef group) {
        list.addObject().put("groupName", group.name()).put("groupArn", group.arn());
    }
}
