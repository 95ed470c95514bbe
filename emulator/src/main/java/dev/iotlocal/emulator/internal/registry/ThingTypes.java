package dev.iotlocal.emulator.internal.registry;

import static dev.iotlocal.emulator.internal.registry.ModelConstraints.shown;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The thing types of the account, as far as things need them: created, described, listed, deprecated (a deprecated
 * type takes no new things) and deleted. Reached through {@link Things#types()}; thread-safe, as the account is.
 */
public final class ThingTypes {

    /** AWS IoT's limit of searchable attributes per thing type. */
    static final int MAX_SEARCHABLE_ATTRIBUTES = 3;

    private final AccountRegistry account;

    ThingTypes(AccountRegistry account) {
        this.account = account;
    }

    /** A thing type as DescribeThingType shows it; dates in epoch milliseconds, {@code deprecationDate} null unless deprecated. */
    public record ThingTypeView(String name, String id, String arn, String description, List<String> searchableAttributes,
                                boolean deprecated, Long deprecationDate, long creationDate) {
        public ThingTypeView {
            searchableAttributes = List.copyOf(searchableAttributes);
        }
    }

    /**
     * CreateThingType. The same name with the same properties again answers the existing type, as AWS does;
     * different properties are a {@code ResourceAlreadyExistsException}.
     *
     * @param description          null for none
     * @param searchableAttributes attribute names, at most {@value #MAX_SEARCHABLE_ATTRIBUTES}
     */
    public ThingTypeView create(String name, String description, List<String> searchableAttributes) {
        ModelConstraints.name(name, "thingTypeName");
        ModelConstraints.description(description, "thingTypeProperties.thingTypeDescription");
        if (searchableAttributes.size() > MAX_SEARCHABLE_ATTRIBUTES) {
            throw RegistryError.invalidRequest("A thing type can have at most " + MAX_SEARCHABLE_ATTRIBUTES + " searchable attributes");
        }
        searchableAttributes.forEach(attribute -> ModelConstraints.attributeName(attribute, "thingTypeProperties.searchableAttributes"));
        return account.write(state -> {
            AccountState.ThingType existing = state.thingTypes.get(name);
            if (existing != null) {
                if (Objects.equals(existing.description, description) && existing.searchableAttributes.equals(searchableAttributes)) {
                    return view(existing);
                }
                throw RegistryError.alreadyExists("Thing type " + shown(name) + " already exists in account with different properties",
                        existing.id, account.arn("thingtype", name));
            }
            AccountState.ThingType type = new AccountState.ThingType();
            type.name = name;
            type.id = account.newId();
            type.description = description;
            type.searchableAttributes = new ArrayList<>(searchableAttributes);
            type.creationDate = account.now();
            state.thingTypes.put(name, type);
            return view(type);
        });
    }

    /** DescribeThingType. */
    public ThingTypeView describe(String name) {
        return account.read(state -> view(existing(state, name)));
    }

    /**
     * ListThingTypes, by name.
     *
     * @param namePrefix the {@code thingTypeName} filter, or null; AWS matches it as a prefix
     */
    public Page<ThingTypeView> list(String namePrefix, String token, int pageSize) {
        return account.read(state -> {
            List<AccountState.ThingType> matching = state.thingTypes.values().stream()
                    .filter(type -> namePrefix == null || type.name.startsWith(namePrefix))
                    .toList();
            Page<AccountState.ThingType> page = Page.of(matching, type -> type.name, token, pageSize);
            return new Page<>(page.items().stream().map(this::view).toList(), page.next());
        });
    }

    /** DeprecateThingType, or with {@code undo} its reversal. */
    public void deprecate(String name, boolean undo) {
        account.write(state -> {
            AccountState.ThingType type = existing(state, name);
            type.deprecated = !undo;
            type.deprecationDate = undo ? null : Long.valueOf(account.now());
            return null;
        });
    }

    /**
     * DeleteThingType: only a deprecated type no thing has. AWS also waits five minutes after the deprecation; the
     * emulator does not, so that tests need not wait.
     */
    public void delete(String name) {
        account.write(state -> {
            AccountState.ThingType type = existing(state, name);
            if (!type.deprecated) {
                throw RegistryError.invalidRequest("Thing type " + shown(name) + " must be deprecated before it can be deleted");
            }
            if (state.things.values().stream().anyMatch(thing -> name.equals(thing.thingTypeName))) {
                throw RegistryError.invalidRequest("Thing type " + shown(name) + " cannot be deleted while things are associated with it");
            }
            state.thingTypes.remove(name);
            return null;
        });
    }

    /**
     * The type a thing is created or updated with; called under the account's lock.
     *
     * @param refusal the message if the type is deprecated
     */
    AccountState.ThingType usable(AccountState state, String name, String refusal) {
        AccountState.ThingType type = existing(state, name);
        if (type.deprecated) {
            throw RegistryError.invalidRequest(refusal);
        }
        return type;
    }

    private AccountState.ThingType existing(AccountState state, String name) {
        AccountState.ThingType type = state.thingTypes.get(name);
        if (type == null) {
            throw RegistryError.notFound("Thing type " + shown(name) + " does not exist");
        }
        return type;
    }

    private ThingTypeView view(AccountState.ThingType type) {
        return new ThingTypeView(type.name, type.id, account.arn("thingtype", type.name), type.description,
                type.searchableAttributes, type.deprecated, type.deprecationDate, type.creationDate);
    }
}
