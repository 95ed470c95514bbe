package dev.iotlocal.emulator;

import dev.iotlocal.emulator.identity.DeviceCertificates;
import dev.iotlocal.emulator.internal.EmulatorAssembly;
import dev.iotlocal.emulator.internal.registry.AccountRegistry;
import dev.iotlocal.emulator.journal.EmulatorJournal;
import dev.iotlocal.emulator.shadow.DeviceShadows;

/**
 * A running local AWS IoT Core: embedded HiveMQ behind AWS IoT's two doors, MQTT over mutual TLS with device
 * certificates from a local CA and MQTT over WebSocket signed with SigV4, enforcing AWS IoT's rules, with Cognito
 * Identity and the auth Lambda on an AWS API endpoint that the AWS SDKs reach with {@code endpointOverride}. Start
 * one per test class or suite and close it:
 *
 * <pre>{@code
 * try (IotEmulator emulator = IotEmulator.start(EmulatorConfig.defaults())) {
 *     DeviceCertificate device = emulator.certificates().issue("my-thing");
 *     int port = emulator.endpoints().mtlsPort();
 *     // connect an AWS IoT Device SDK client to localhost:port with device's certificate and key
 * }
 * }</pre>
 *
 * Thread-safe. {@link #close()} stops the broker, frees the ports and removes temporary files; it is idempotent.
 */
public final class IotEmulator implements AutoCloseable {

    private final EmulatorConfig config;
    private final EmulatorAssembly parts;

    private IotEmulator(EmulatorConfig config, EmulatorAssembly parts) {
        this.config = config;
        this.parts = parts;
    }

    /** Starts an emulator with {@link EmulatorConfig#defaults()}. */
    public static IotEmulator start() {
        return start(EmulatorConfig.defaults());
    }

    /**
     * Starts an emulator and returns once every listener accepts connections.
     *
     * @throws IllegalStateException if a fixed port is in use or a component cannot start
     */
    public static IotEmulator start(EmulatorConfig config) {
        return new IotEmulator(config, EmulatorAssembly.start(config));
    }

    /** The broker's loopback listener behind the WSS door; only the emulator's own tests need it. */
    int internalBrokerPort() {
        return parts.internalBrokerPort();
    }

    /** The configuration this emulator was started with. */
    public EmulatorConfig config() {
        return config;
    }

    /** Where the emulator listens. */
    public Endpoints endpoints() {
        return parts.endpoints();
    }

    /** The CA and device certificate registry. */
    public DeviceCertificates certificates() {
        return parts.certificates();
    }

    /**
     * The administrator key that AWS IoT control-plane requests are signed with: give it to {@code IotClient} (as
     * static credentials, with {@code endpointOverride(endpoints().awsApiEndpoint())}) or to the AWS CLI.
     */
    public AccountCredentials accountCredentials() {
        return parts.accountCredentials();
    }

    /**
     * Remembers the AWS IoT account as it is now (things, groups, certificates, policies, attachments), so that
     * {@link AccountCheckpoint#restore()} can undo what is created or changed afterwards, as the test kit does around
     * each test. {@link #reset()} leaves the account alone.
     */
    public AccountCheckpoint checkpointAccount() {
        AccountRegistry account = parts.account();
        AccountRegistry.Checkpoint checkpoint = account.checkpoint();
        return () -> account.restore(checkpoint);
    }

    /** Rule violations, lifecycle events and (when recorded) messages, in order. */
    public EmulatorJournal journal() {
        return parts.journal();
    }

    /**
     * The Device Shadow service's shadows, classic and named: seed a shadow before a device connects, or read what a
     * device reported. Changes made here are published on the shadow's MQTT topics as AWS IoT publishes them.
     * {@link #reset()} deletes every shadow.
     */
    public DeviceShadows shadows() {
        return parts.shadows();
    }

    /** Faults to inject; each lasts until {@link EmulatorFaults#clear()} or {@link #reset()}. */
    public EmulatorFaults faults() {
        return parts.faults();
    }

    /**
     * Brings the emulator back to a fresh start without restarting it: every client disconnected (without its
     * Will), every session, subscription, retained message and shadow gone, faults cleared, the journal emptied.
     * The account (things, certificates, policies) and issued credentials stay; see {@link #checkpointAccount()}.
     * The test kit calls it before each test.
     */
    public void reset() {
        parts.reset();
    }

    /**
     * Makes every AWS credential issued so far expired, as if its lifetime had passed: the next SigV4-signed
     * request or WebSocket upgrade with it is refused. Connections already open stay open, as in AWS IoT.
     */
    public void expireIssuedCredentials() {
        parts.expireIssuedCredentials();
    }

    /** Stops the broker and removes temporary files. Idempotent. */
    @Override
    public void close() {
        parts.close();
    }
}
