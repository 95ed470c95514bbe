package dev.iotlocal.emulator;

/**
 * The emulator's AWS IoT account (things, thing types and groups, certificates, policies and their attachments) as
 * it was when {@link IotEmulator#checkpointAccount()} was called. The test kit takes one before each test and
 * restores it after, so what a test creates is gone for the next while what the configuration and the test class's
 * set-up made stays. Immutable and thread-safe; it can be restored any number of times.
 */
public interface AccountCheckpoint {

    /**
     * Puts the account back as it was: what was created since is removed, what was changed or deleted is back.
     * Certificates that no longer exist, or are no longer ACTIVE, cannot connect, and their live connections are dropped.
     */
    void restore();
}
