package dev.iotlocal.emulator.internal.policy;

/** What the evaluation of a request decided, in TestAuthorization's words. */
public enum Decision {
    /** A statement allows it and none denies it. */
    ALLOWED,
    /** A statement denies it; that wins over any number of allows. */
    EXPLICIT_DENY,
    /** No statement allows it (and none denies it): the default. */
    IMPLICIT_DENY
}
