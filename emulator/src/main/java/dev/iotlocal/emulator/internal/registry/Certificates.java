package dev.iotlocal.emulator.internal.registry;

/** PLACEHOLDER: the certificates part of the account. */
public final class Certificates {

    private final AccountRegistry account;

    Certificates(AccountRegistry account) {
        this.account = account;
    }
}
