package dev.iotlocal.emulator.internal.registry;

/** PLACEHOLDER: the policies part of the account. */
public final class Policies {

    private final AccountRegistry account;

    Policies(AccountRegistry account) {
        this.account = account;
    }
}
