package dev.iotlocal.emulator.internal.registry;

import static dev.iotlocal.emulator.internal.registry.ModelConstraints.shown;

import dev.iotlocal.emulator.internal.registry.AccountState.ThingPrincipalType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The things part of the account: things with their types and attributes, and the principals (certificates,
 * Cognito identities) attached to them; thing types and thing groups through {@link #types()} and {@link #groups()}.
 * AWS IoT's rules as its control plane applies them, without HTTP. Listings are by name. Thread-safe, as the account is.
 */
public final class Things {

    /** AWS IoT's limits of attributes per thing. */
    static final int MAX_ATTRIBUTES_WITHOUT_TYPE = 3;
    static final int MAX_ATTRIBUTES_WITH_TYPE = 50;
    /** What AttachThingPrincipal and the principal listings take as a principal. */
    private static final Set<References.Kind> PRINCIPALS = EnumSet.of(References.Kind.CERTIFICATE, References.Kind.COGNITO_IDENTITY);

    private static final Comparator<Attachment> BY_NAME = Comparator.comparing(Attachment::name);

    private final AccountRegistry account;
    private final ThingTypes types;
    private final ThingGroups groups;

    Things(AccountRegistry account) {
        this.account = account;
        this.types = new ThingTypes(account);
        this.groups = new ThingGroups(account);
    }

    /** A thing as DescribeThing shows it. {@code thingTypeName} and {@code billingGroupName} are null when it has none. */
    public record ThingView(String name, String id, String arn, String thingTypeName, Map<String, String> attributes,
                            long version, String billingGroupName) {
        public ThingView {
            attributes = Map.copyOf(attributes);
        }
    }

    /**
     * What UpdateThing changes.
     *
     * @param thingTypeName    the new type, or null to keep it
     * @param removeThingType  whether to take the type away
     * @param attributePayload the attributes to merge or replace, or null to keep them
     * @param expectedVersion  the version the caller last saw, or null not to check
     */
    public record ThingUpdate(String thingTypeName, boolean removeThingType, AttributePayload attributePayload, Long expectedVersion) {}

    /**
     * ListThings' filters; null is no filter.
     *
     * @param prefixAttributeValue whether {@code attributeValue} is matched as a prefix ({@code usePrefixAttributeValue})
     */
    public record ThingFilter(String attributeName, String attributeValue, boolean prefixAttributeValue, String thingTypeName) {}

    /** The other end of a thing–principal attachment and how it is attached: a principal of a thing, or a thing of a principal. */
    public record Attachment(String name, ThingPrincipalType type) {}

    public ThingTypes types() {
        return types;
    }

    public ThingGroups groups() {
        return groups;
    }

    /**
     * CreateThing. The same name with the same type, attributes and billing group again answers the existing thing;
     * anything different is a {@code ResourceAlreadyExistsException}, as AWS answers.
     *
     * @param thingTypeName    null for none
     * @param billingGroupName null for none; billing groups are not emulated, so the name is kept as given
     */
    public ThingView create(String name, String thingTypeName, Map<String, String> attributes, String billingGroupName) {
        ModelConstraints.name(name, "thingName");
        if (thingTypeName != null) {
            ModelConstraints.name(thingTypeName, "thingTypeName");
        }
        if (billingGroupName != null) {
            ModelConstraints.name(billingGroupName, "billingGroupName");
        }
        ModelConstraints.attributes(attributes, "attributePayload.attributes");
        return account.write(state -> {
            AccountState.Thing existing = state.things.get(name);
            if (existing != null) {
                if (Objects.equals(existing.thingTypeName, thingTypeName) && existing.attributes.equals(attributes)
                        && Objects.equals(existing.billingGroupName, billingGroupName)) {
                    return view(existing);
                }
                throw RegistryError.alreadyExists("Thing " + shown(name) + " already exists in account with different attributes",
                        existing.id, account.arn("thing", name));
            }
            if (thingTypeName != null) {
                // "depreated" is how AWS spells it in this message
                types.usable(state, thingTypeName, "Can not create new thing with depreated thing type:" + shown(thingTypeName));
            }
            requireAttributeCount(attributes, thingTypeName);
            AccountState.Thing thing = ensureThing(state, name);
            thing.thingTypeName = thingTypeName;
            thing.attributes = new TreeMap<>(attributes);
            thing.billingGroupName = billingGroupName;
            return view(thing);
        });
    }

    /** DescribeThing. */
    public ThingView describe(String name) {
        return account.read(state -> view(existingThing(state, name)));
    }

    /** UpdateThing: each update adds one to the thing's version. */
    public void update(String name, ThingUpdate update) {
        if (update.thingTypeName() != null) {
            ModelConstraints.name(update.thingTypeName(), "thingTypeName");
            if (update.removeThingType()) {
                throw RegistryError.invalidRequest("A thing type cannot be given and removed in the same request");
            }
        }
        if (update.attributePayload() != null) {
            ModelConstraints.attributes(update.attributePayload().attributes(), "attributePayload.attributes");
        }
        account.write(state -> {
            AccountState.Thing thing = existingThing(state, name);
            ModelConstraints.requireVersion("thing " + name, thing.version, update.expectedVersion());
            if (update.thingTypeName() != null) {
                types.usable(state, update.thingTypeName(), "Can not update a thing to use deprecated thing type: " + shown(update.thingTypeName()));
            }
            String thingTypeName = update.removeThingType() ? null
                    : update.thingTypeName() != null ? update.thingTypeName() : thing.thingTypeName;
            Map<String, String> attributes = update.attributePayload() == null ? thing.attributes
                    : update.attributePayload().appliedTo(thing.attributes);
            requireAttributeCount(attributes, thingTypeName);
            thing.thingTypeName = thingTypeName;
            thing.attributes = new TreeMap<>(attributes);
            thing.version++;
            return null;
        });
    }

    /**
     * DeleteThing: refused while principals are attached; a thing that does not exist is deleted already (the service
     * model: "Returns successfully with no error if ... you specify a thing that doesn't exist"). The thing leaves
     * its groups with it.
     */
    public void delete(String name, Long expectedVersion) {
        account.write(state -> {
            AccountState.Thing thing = state.things.get(name);
            if (thing == null) {
                return null;
            }
            ModelConstraints.requireVersion("thing " + name, thing.version, expectedVersion);
            Map<String, ThingPrincipalType> principals = state.thingPrincipals.get(name);
            if (principals != null && !principals.isEmpty()) {
                throw RegistryError.invalidRequest("Cannot delete. Thing " + shown(name) + " is still attached to one or more principals");
            }
            state.things.remove(name);
            state.thingPrincipals.remove(name);
            return null;
        });
    }

    /** ListThings, by name. */
    public Page<ThingView> list(ThingFilter filter, String token, int pageSize) {
        if (filter.attributeName() != null) {
            ModelConstraints.attributeName(filter.attributeName(), "attributeName");
        } else if (filter.attributeValue() != null) {
            throw RegistryError.invalidRequest("attributeValue filters things only together with attributeName");
        }
        return account.read(state -> {
            List<AccountState.Thing> matching = state.things.values().stream().filter(thing -> matches(thing, filter)).toList();
            Page<AccountState.Thing> page = Page.of(matching, thing -> thing.name, token, pageSize);
            return new Page<>(page.items().stream().map(this::view).toList(), page.next());
        });
    }

    /**
     * AttachThingPrincipal. An exclusive attachment makes the thing the principal's only one: it is refused while the
     * principal is attached to another thing, and while it lasts the principal cannot be attached to other things.
     * Attaching again to the same thing changes only how it is attached. Only a certificate can be attached
     * exclusively: AWS's exclusive association "works with X.509 principals only".
     *
     * @param principal a certificate ARN of this account whose certificate exists, or a Cognito identity id
     */
    public void attach(String thingName, String principal, ThingPrincipalType type) {
        Objects.requireNonNull(type, "type");
        account.write(state -> {
            existingThing(state, thingName);
            References.Reference reference = requirePrincipal(state, principal);
            if (type == ThingPrincipalType.EXCLUSIVE_THING && reference.kind() != References.Kind.CERTIFICATE) {
                throw RegistryError.invalidRequest("Principal " + shown(principal) + " cannot be attached exclusively to thing " + shown(thingName)
                        + ": an exclusive thing association (EXCLUSIVE_THING) works with X.509 certificates only");
            }
            attachPrincipal(state, thingName, reference.canonical(account), type);
            return null;
        });
    }

    /** DetachThingPrincipal; a principal not attached to the thing is a {@code ResourceNotFoundException}. */
    public void detach(String thingName, String principal) {
        account.write(state -> {
            existingThing(state, thingName);
            Map<String, ThingPrincipalType> principals = state.thingPrincipals.get(thingName);
            if (principals == null || !principals.containsKey(principal)) {
                throw RegistryError.notFound("The principal " + shown(principal) + " is not attached to thing " + shown(thingName));
            }
            principals.remove(principal);
            if (principals.isEmpty()) {
                state.thingPrincipals.remove(thingName);
            }
            return null;
        });
    }

    /**
     * ListThingPrincipals(V2): the principals attached to a thing, by principal.
     *
     * @param type only attachments of this type, or null for all
     */
    public Page<Attachment> principalsOf(String thingName, ThingPrincipalType type, String token, int pageSize) {
        return account.read(state -> {
            if (!state.things.containsKey(thingName)) {
                throw RegistryError.notFound("Failed to list principals for thing " + shown(thingName)
                        + " because the thing does not exist in your account");
            }
            List<Attachment> attachments = state.thingPrincipals.getOrDefault(thingName, Map.of()).entrySet().stream()
                    .filter(principal -> type == null || type == principal.getValue())
                    .map(principal -> new Attachment(principal.getKey(), principal.getValue()))
                    .toList();
            return Page.of(attachments, Attachment::name, token, pageSize);
        });
    }

    /**
     * ListPrincipalThings(V2): the things a principal is attached to, by thing name.
     *
     * @param type only attachments of this type, or null for all
     */
    public Page<Attachment> thingsOf(String principal, ThingPrincipalType type, String token, int pageSize) {
        return account.read(state -> {
            List<Attachment> attachments = attachmentsOf(state, requirePrincipal(state, principal).canonical(account)).stream()
                    .filter(attachment -> type == null || type == attachment.type())
                    .toList();
            return Page.of(attachments, Attachment::name, token, pageSize);
        });
    }

    /** The thing of that name, made with no attributes if there is none yet; called under the account's lock. */
    AccountState.Thing ensureThing(AccountState state, String name) {
        return state.things.computeIfAbsent(name, absent -> {
            AccountState.Thing thing = new AccountState.Thing();
            thing.name = name;
            thing.id = account.newId();
            thing.creationDate = account.now();
            return thing;
        });
    }

    /**
     * Attaches a principal (certificate ARN or Cognito identity id) to a thing that exists, with AWS's exclusive
     * rules (see {@link #attach}); called under the account's lock. Refuses before it changes anything.
     */
    void attachPrincipal(AccountState state, String thingName, String principal, ThingPrincipalType type) {
        for (Attachment elsewhere : attachmentsOf(state, principal)) {
            if (elsewhere.name().equals(thingName)) {
                continue;
            }
            if (type == ThingPrincipalType.EXCLUSIVE_THING) {
                throw RegistryError.invalidRequest("Principal " + shown(principal) + " cannot be attached exclusively to thing " + shown(thingName)
                        + ": it is attached to thing " + elsewhere.name());
            }
            if (elsewhere.type() == ThingPrincipalType.EXCLUSIVE_THING) {
                throw RegistryError.invalidRequest("Principal " + shown(principal) + " cannot be attached to thing " + shown(thingName)
                        + ": it is attached exclusively to thing " + elsewhere.name());
            }
        }
        state.thingPrincipals.computeIfAbsent(thingName, absent -> new TreeMap<>()).put(principal, type);
    }

    /** The thing of that name or a {@code ResourceNotFoundException}; called under the account's lock. */
    static AccountState.Thing existingThing(AccountState state, String name) {
        AccountState.Thing thing = state.things.get(name);
        if (thing == null) {
            throw RegistryError.notFound("Thing " + shown(name) + " does not exist");
        }
        return thing;
    }

    /** The things a principal (a certificate ARN or Cognito identity id) is attached to, by thing name; called under the account's lock. */
    static List<Attachment> attachmentsOf(AccountState state, String principal) {
        List<Attachment> attachments = new ArrayList<>();
        state.thingPrincipals.forEach((thingName, principals) -> {
            ThingPrincipalType type = principals.get(principal);
            if (type != null) {
                attachments.add(new Attachment(thingName, type));
            }
        });
        attachments.sort(BY_NAME);
        return attachments;
    }

    /** A certificate of this account that exists, or a Cognito identity id (which the emulator does not look up). */
    private References.Reference requirePrincipal(AccountState state, String principal) {
        References.Reference reference = References.read(account, principal, PRINCIPALS).orElseThrow(() -> RegistryError.invalidRequest(
                "The principal " + shown(principal) + " is neither a certificate ARN nor an Amazon Cognito identity id"));
        if (reference.kind() == References.Kind.CERTIFICATE && !(reference.here() && state.certificates.containsKey(reference.name()))) {
            throw RegistryError.notFound("The certificate " + shown(principal) + " does not exist");
        }
        return reference;
    }

    private static boolean matches(AccountState.Thing thing, ThingFilter filter) {
        if (filter.thingTypeName() != null && !filter.thingTypeName().equals(thing.thingTypeName)) {
            return false;
        }
        if (filter.attributeName() == null) {
            return true;
        }
        String value = thing.attributes.get(filter.attributeName());
        if (value == null || filter.attributeValue() == null) {
            return value != null;
        }
        return filter.prefixAttributeValue() ? value.startsWith(filter.attributeValue()) : value.equals(filter.attributeValue());
    }

    private static void requireAttributeCount(Map<String, String> attributes, String thingTypeName) {
        ModelConstraints.requireAttributeCount(attributes, thingTypeName == null ? MAX_ATTRIBUTES_WITHOUT_TYPE : MAX_ATTRIBUTES_WITH_TYPE,
                "A thing " + (thingTypeName == null ? "without" : "with") + " a thing type");
    }

    private ThingView view(AccountState.Thing thing) {
        return new ThingView(thing.name, thing.id, account.arn("thing", thing.name), thing.thingTypeName, thing.attributes,
                thing.version, thing.billingGroupName);
    }
}
