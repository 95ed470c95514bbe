package dev.iotlocal.emulator.internal.registry;

import dev.iotlocal.emulator.internal.registry.AccountState.ThingPrincipalType;
import java.util.TreeMap;

/** PLACEHOLDER: the things part of the account (things, thing types, thing groups, thing principals). */
public final class Things {

    private final AccountRegistry account;

    Things(AccountRegistry account) {
        this.account = account;
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

    /** Attaches a principal (certificate ARN or Cognito identity id) to a thing that exists; called under the account's lock. */
    void attachPrincipal(AccountState state, String thingName, String principal, ThingPrincipalType type) {
        state.thingPrincipals.computeIfAbsent(thingName, absent -> new TreeMap<>()).put(principal, type);
    }
}
