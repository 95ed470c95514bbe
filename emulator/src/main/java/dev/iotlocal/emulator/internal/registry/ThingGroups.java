package dev.iotlocal.emulator.internal.registry;

import static dev.iotlocal.emulator.internal.registry.ModelConstraints.shown;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The static thing groups of the account: a hierarchy (a group's parent is given when it is made and never
 * changes) and the things in each group, kept on the things ({@link AccountState.Thing#thingGroups}). AWS IoT's
 * limits apply: a hierarchy at most {@value #MAX_DEPTH} deep, a thing in at most {@value #MAX_GROUPS_PER_THING}
 * groups and in at most one group of a hierarchy. Reached through {@link Things#groups()}; thread-safe, as the
 * account is.
 */
public final class ThingGroups {

    static final int MAX_DEPTH = 7;
    static final int MAX_GROUPS_PER_THING = 10;
    static final int MAX_ATTRIBUTES = 50;

    private final AccountRegistry account;

    ThingGroups(AccountRegistry account) {
        this.account = account;
    }

    /** A group's name and ARN, as AWS lists groups ({@code GroupNameAndArn}). */
    public record GroupRef(String name, String arn) {}

    /**
     * A group as DescribeThingGroup shows it.
     *
     * @param description     null for none
     * @param parentGroupName null for a root group
     * @param rootToParent    the group's ancestors from the root down to its parent, empty for a root group
     * @param creationDate    epoch milliseconds
     */
    public record ThingGroupView(String name, String id, String arn, long version, String description, Map<String, String> attributes,
                                 String parentGroupName, List<GroupRef> rootToParent, long creationDate) {
        public ThingGroupView {
            attributes = Map.copyOf(attributes);
            rootToParent = List.copyOf(rootToParent);
        }
    }

    /**
     * CreateThingGroup. The same name with the same parent and properties again answers the existing group, as the
     * service model says; different ones are a {@code ResourceAlreadyExistsException}.
     *
     * @param parentGroupName null for a root group; it must exist
     * @param description     null for none
     */
    public ThingGroupView create(String name, String parentGroupName, String description, Map<String, String> attributes) {
        ModelConstraints.name(name, "thingGroupName");
        if (parentGroupName != null) {
            ModelConstraints.name(parentGroupName, "parentGroupName");
        }
        ModelConstraints.description(description, "thingGroupProperties.thingGroupDescription");
        ModelConstraints.attributes(attributes, "thingGroupProperties.attributePayload.attributes");
        ModelConstraints.requireAttributeCount(attributes, MAX_ATTRIBUTES, "A thing group");
        return account.write(state -> {
            AccountState.ThingGroup existing = state.thingGroups.get(name);
            if (existing != null) {
                if (Objects.equals(existing.parentGroupName, parentGroupName) && Objects.equals(existing.description, description)
                        && existing.attributes.equals(attributes)) {
                    return view(state, existing);
                }
                throw RegistryError.alreadyExists("Thing Group " + shown(name) + " already exists in current account with different properties",
                        existing.id, account.arn("thinggroup", name));
            }
            if (parentGroupName != null) {
                existingGroup(state, parentGroupName);
                if (ancestors(state, parentGroupName).size() + 2 > MAX_DEPTH) {
                    throw RegistryError.invalidRequest("Thing group " + shown(name) + " cannot be created under " + shown(parentGroupName)
                            + ": a thing group hierarchy is at most " + MAX_DEPTH + " levels deep");
                }
            }
            AccountState.ThingGroup group = new AccountState.ThingGroup();
            group.name = name;
            group.id = account.newId();
            group.parentGroupName = parentGroupName;
            group.description = description;
            group.attributes = new TreeMap<>(attributes);
            group.creationDate = account.now();
            state.thingGroups.put(name, group);
            return view(state, group);
        });
    }

    /** DescribeThingGroup. */
    public ThingGroupView describe(String name) {
        return account.read(state -> view(state, existingGroup(state, name)));
    }

    /**
     * UpdateThingGroup.
     *
     * @param description      the new description, or null to keep it
     * @param attributePayload the attributes to merge or replace, or null to keep them
     * @param expectedVersion  the version the caller last saw, or null not to check
     * @return the group's new version
     */
    public long update(String name, String description, AttributePayload attributePayload, Long expectedVersion) {
        ModelConstraints.description(description, "thingGroupProperties.thingGroupDescription");
        if (attributePayload != null) {
            ModelConstraints.attributes(attributePayload.attributes(), "thingGroupProperties.attributePayload.attributes");
        }
        return account.write(state -> {
            AccountState.ThingGroup group = existingGroup(state, name);
            ModelConstraints.requireVersion("thing group " + group.name, group.version, expectedVersion);
            Map<String, String> attributes = attributePayload == null ? group.attributes : attributePayload.appliedTo(group.attributes);
            ModelConstraints.requireAttributeCount(attributes, MAX_ATTRIBUTES, "A thing group");
            if (description != null) {
                group.description = description;
            }
            group.attributes = new TreeMap<>(attributes);
            group.version++;
            return group.version;
        });
    }

    /**
     * DeleteThingGroup: refused while the group has child groups; a group that does not exist is deleted already
     * (the service model lists no {@code ResourceNotFoundException} for it). Its things leave it, and the policies
     * attached to it are detached, since nothing can reach them through the group any more.
     */
    public void delete(String name, Long expectedVersion) {
        account.write(state -> {
            AccountState.ThingGroup group = state.thingGroups.get(name);
            if (group == null) {
                return null;
            }
            ModelConstraints.requireVersion("thing group " + group.name, group.version, expectedVersion);
            if (state.thingGroups.values().stream().anyMatch(child -> name.equals(child.parentGroupName))) {
                throw RegistryError.invalidRequest("Cannot delete thing group : " + shown(name) + " when there are still child groups attached to it");
            }
            state.thingGroups.remove(name);
            state.things.values().forEach(thing -> thing.thingGroups.remove(name));
            String arn = account.arn("thinggroup", name);
            state.policyTargets.values().forEach(targets -> targets.remove(arn));
            return null;
        });
    }

    /**
     * ListThingGroups, by name.
     *
     * @param parentGroup only groups under this one (which must exist), or null for all groups
     * @param namePrefix  only groups whose name starts with this, or null
     * @param recursive   whether to list all descendants rather than direct children (or, with no parent, root
     *                    groups). AWS does not document what an absent {@code recursive} means; the AWS API lists
     *                    recursively then, the emulator's choice, made from a reported boto3 output
     */
    public Page<GroupRef> list(String parentGroup, String namePrefix, boolean recursive, String token, int pageSize) {
        return account.read(state -> {
            Set<String> under;
            if (parentGroup != null) {
                existingGroup(state, parentGroup);
                under = recursive ? descendants(state, parentGroup) : children(state, parentGroup);
            } else {
                under = recursive ? state.thingGroups.keySet() : children(state, null);
            }
            List<GroupRef> groups = under.stream()
                    .filter(name -> namePrefix == null || name.startsWith(namePrefix))
                    .map(this::ref)
                    .toList();
            return Page.of(groups, GroupRef::name, token, pageSize);
        });
    }

    /**
     * AddThingToThingGroup; the group and the thing are each named by name or ARN (a name and an ARN together must
     * agree). Adding a thing to a group it is in already changes nothing.
     */
    public void addThing(String groupName, String groupArn, String thingName, String thingArn) {
        String group = resolve(groupName, groupArn, References.Kind.THING_GROUP, "thingGroup");
        String thingNamed = resolve(thingName, thingArn, References.Kind.THING, "thing");
        account.write(state -> {
            existingGroup(state, group);
            AccountState.Thing thing = Things.existingThing(state, thingNamed);
            if (thing.thingGroups.contains(group)) {
                return null;
            }
            if (thing.thingGroups.size() >= MAX_GROUPS_PER_THING) {
                throw RegistryError.invalidRequest("Thing " + shown(thingNamed) + " cannot be added to thing group " + shown(group)
                        + ": a thing can be in at most " + MAX_GROUPS_PER_THING + " thing groups");
            }
            String root = root(state, group);
            for (String other : thing.thingGroups) {
                if (root(state, other).equals(root)) {
                    throw RegistryError.invalidRequest("Thing " + shown(thingNamed) + " cannot be added to thing group " + shown(group)
                            + ": it is in thing group " + other + " of the same hierarchy, and a thing can be in only one group of a hierarchy");
                }
            }
            thing.thingGroups.add(group);
            return null;
        });
    }

    /** RemoveThingFromThingGroup, named as for {@link #addThing}; a thing not in the group stays out of it. */
    public void removeThing(String groupName, String groupArn, String thingName, String thingArn) {
        String group = resolve(groupName, groupArn, References.Kind.THING_GROUP, "thingGroup");
        String thingNamed = resolve(thingName, thingArn, References.Kind.THING, "thing");
        account.write(state -> {
            existingGroup(state, group);
            Things.existingThing(state, thingNamed).thingGroups.remove(group);
            return null;
        });
    }

    /**
     * ListThingsInThingGroup, by thing name.
     *
     * @param recursive whether the things of its descendant groups are listed too
     */
    public Page<String> thingsIn(String groupName, boolean recursive, String token, int pageSize) {
        return account.read(state -> {
            existingGroup(state, groupName);
            Set<String> groups = recursive ? descendants(state, groupName) : new HashSet<>();
            groups.add(groupName);
            List<String> things = state.things.values().stream()
                    .filter(thing -> thing.thingGroups.stream().anyMatch(groups::contains))
                    .map(thing -> thing.name)
                    .toList();
            return Page.of(things, name -> name, token, pageSize);
        });
    }

    /** ListThingGroupsForThing: the groups the thing is in and their ancestors, as the developer guide shows it; by name. */
    public Page<GroupRef> groupsOf(String thingName, String token, int pageSize) {
        return account.read(state -> {
            Set<String> groups = new TreeSet<>();
            for (String group : Things.existingThing(state, thingName).thingGroups) {
                groups.add(group);
                ancestors(state, group).forEach(ancestor -> groups.add(ancestor.name));
            }
            return Page.of(groups.stream().map(this::ref).toList(), GroupRef::name, token, pageSize);
        });
    }

    /** The name a request names by name or ARN, or the {@code InvalidRequestException} AWS answers when neither or both disagree. */
    private String resolve(String name, String arn, References.Kind kind, String member) {
        Optional<String> named = arn == null ? Optional.empty()
                : References.read(account, arn, Set.of(kind)).filter(References.Reference::here).map(References.Reference::name);
        if (name != null) {
            ModelConstraints.name(name, member + "Name");
            if (arn != null && !named.equals(Optional.of(name))) {
                throw RegistryError.invalidRequest(capitalized(member) + "Name " + member + "Arn does not match specified "
                        + member + "Name in request");
            }
            return name;
        }
        if (arn == null) {
            throw RegistryError.invalidRequest("Both " + member + "Arn and " + member + "Name are empty. Need to specify at least one of them");
        }
        return named.orElseThrow(() -> RegistryError.invalidRequest("The " + member + "Arn " + shown(arn) + " is not an ARN of this account's "
                + (kind == References.Kind.THING ? "things" : "thing groups")));
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** A group's ancestors from the root down to its parent. */
    private List<AccountState.ThingGroup> ancestors(AccountState state, String name) {
        List<AccountState.ThingGroup> ancestors = new ArrayList<>();
        AccountState.ThingGroup group = state.thingGroups.get(name);
        while (group != null && group.parentGroupName != null) {
            group = state.thingGroups.get(group.parentGroupName);
            if (group != null) {
                ancestors.add(0, group);
            }
        }
        return ancestors;
    }

    private String root(AccountState state, String name) {
        List<AccountState.ThingGroup> ancestors = ancestors(state, name);
        return ancestors.isEmpty() ? name : ancestors.get(0).name;
    }

    /** The direct children of a group, or the root groups for null. */
    private static Set<String> children(AccountState state, String parent) {
        Set<String> children = new HashSet<>();
        state.thingGroups.values().stream().filter(group -> Objects.equals(parent, group.parentGroupName))
                .forEach(group -> children.add(group.name));
        return children;
    }

    private static Set<String> descendants(AccountState state, String name) {
        Set<String> descendants = new HashSet<>();
        List<String> pending = new ArrayList<>(List.of(name));
        while (!pending.isEmpty()) {
            for (String child : children(state, pending.remove(pending.size() - 1))) {
                if (descendants.add(child)) {
                    pending.add(child);
                }
            }
        }
        return descendants;
    }

    private static AccountState.ThingGroup existingGroup(AccountState state, String name) {
        AccountState.ThingGroup group = state.thingGroups.get(name);
        if (group == null) {
            throw RegistryError.notFound("Thing group " + shown(name) + " does not exist");
        }
        return group;
    }

    private GroupRef ref(String name) {
        return new GroupRef(name, account.arn("thinggroup", name));
    }

    private ThingGroupView view(AccountState state, AccountState.ThingGroup group) {
        List<GroupRef> rootToParent = ancestors(state, group.name).stream().map(ancestor -> ref(ancestor.name)).toList();
        return new ThingGroupView(group.name, group.id, account.arn("thinggroup", group.name), group.version, group.description,
                group.attributes, group.parentGroupName, rootToParent, group.creationDate);
    }
}
