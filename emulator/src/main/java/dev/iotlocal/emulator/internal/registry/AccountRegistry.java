package dev.iotlocal.emulator.internal.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.iotlocal.emulator.internal.pki.CertificateAuthority;
import dev.iotlocal.emulator.internal.util.Json;
import dev.iotlocal.emulator.internal.util.SavedFile;
import java.nio.file.Path;
import java.time.Clock;
import dev.iotlocal.emulator.identity.CertificateStatus;
import dev.iotlocal.emulator.identity.KeyAlgorithm;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.security.SecureRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one AWS IoT account of an emulator: things, thing types and groups, certificates, policies and their
 * attachments, as the control plane, the mutual-TLS door, the test kit and (next) the policy evaluator see them.
 * There is no second copy of any of it. Its three parts ({@link #things()}, {@link #certificates()},
 * {@link #policies()}) share one state and one lock, so an operation that spans them (deleting a certificate that
 * policies are attached to) sees them consistently. With a data directory the account survives restarts.
 *
 * <p>Thread-safe. {@link #close()} writes what is not saved yet.
 */
public final class AccountRegistry implements AutoCloseable {

    /** The account's file in the data directory. */
    static final String ACCOUNT_FILE = "account.json";

    private final String accountId;
    private final String region;
    private final CertificateAuthority authority;
    private final Clock clock;
    private final KeyAlgorithm createdKeys;
    private final SavedFile store;
    private final SecureRandom random = new SecureRandom();
    private final Object lock = new Object();
    private AccountState state;
    /** How many changes the account has seen; guarded by {@link #lock}. */
    private long changes;
    /** The last checkpoint taken; guarded by {@link #lock}. */
    private Checkpoint lastCheckpoint;
    /** The time {@link #now()} last gave; guarded by {@link #lock}. */
    private long lastTime;
    private volatile Consumer<String> certificateDeactivated = certificateId -> { };
    /** {@link #changes} as of the last completed change, readable without the lock. */
    private volatile long completedChanges;
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Things things;
    private final Certificates certificates;
    private final Policies policies;

    /**
     * @param dataDirectory where the account is saved, or null to keep it in memory only
     */
    public AccountRegistry(String accountId, String region, CertificateAuthority authority, Path dataDirectory, Clock clock) {
        this(accountId, region, authority, dataDirectory, clock, KeyAlgorithm.RSA_2048);
    }

    /**
     * @param dataDirectory  where the account is saved, or null to keep it in memory only
     * @param createdKeys    the key pairs CreateKeysAndCertificate makes
     */
    public AccountRegistry(String accountId, String region, CertificateAuthority authority, Path dataDirectory, Clock clock,
                           KeyAlgorithm createdKeys) {
        this.createdKeys = Objects.requireNonNull(createdKeys, "createdKeys");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.region = Objects.requireNonNull(region, "region");
        this.authority = Objects.requireNonNull(authority, "authority");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.store = new SavedFile(dataDirectory, ACCOUNT_FILE, "account");
        this.state = store.read().map(AccountRegistry::readState).orElseGet(AccountState::new);
        this.things = new Things(this);
        this.certificates = new Certificates(this);
        this.policies = new Policies(this);
    }

    private static AccountState readState(byte[] saved) {
        try {
            return Json.MAPPER.readValue(saved, AccountState.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read the account " + ACCOUNT_FILE + ": " + e.getMessage(), e);
        }
    }

    public Things things() {
        return things;
    }

    public Certificates certificates() {
        return certificates;
    }

    public Policies policies() {
        return policies;
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    CertificateAuthority authority() {
        return authority;
    }

    KeyAlgorithm createdKeys() {
        return createdKeys;
    }

    /**
     * The time of a change, in epoch milliseconds: the clock's, but always later than the last change's, so that
     * creation dates order what was made one after the other even within a millisecond, as listings sort by them.
     */
    long now() {
        synchronized (lock) {
            lastTime = Math.max(clock.millis(), lastTime + 1);
            return lastTime;
        }
    }

    /** {@code arn:aws:iot:<region>:<account>:<type>/<name>}. */
    public String arn(String resourceType, String name) {
        return "arn:aws:iot:" + region + ":" + accountId + ":" + resourceType + "/" + name;
    }

    /** A new random UUID, as AWS gives things, groups and types. */
    String newId() {
        return UUID.randomUUID().toString();
    }

    /** A new 64-hex-digit generation id, as AWS gives policies. */
    String newGenerationId() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** How many changes the account has seen, for what is derived from it and kept; read it under the lock. */
    long changes() {
        return changes;
    }

    /** Reads the account under the lock. */
    <T> T read(Function<AccountState, T> reading) {
        synchronized (lock) {
            return reading.apply(state);
        }
    }

    /**
     * Changes the account under the lock and saves it (soon, off the caller's thread). A {@link RegistryError} thrown
     * by {@code change} must leave the state as it found it: check everything before changing anything.
     */
    <T> T write(Function<AccountState, T> change) {
        T result;
        synchronized (lock) {
            result = change.apply(state);
            changes++;
            completedChanges = changes;
            store.changed(this::snapshot);
        }
        changeListeners.forEach(Runnable::run);
        return result;
    }

    /**
     * How many changes the account has seen, without taking its lock: what is derived from the account (a
     * connection's prepared policies) is stale once this moves on.
     */
    public long changeCount() {
        return completedChanges;
    }

    /**
     * Who to tell after every change, on the changing thread and before the change's caller hears it is done (so a
     * DetachPolicy answered is a policy the broker no longer applies). Keep it short.
     */
    public void onChange(Runnable listener) {
        changeListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Who to tell when a certificate may no longer connect (made INACTIVE, REVOKED or deleted): the broker drops its connections. */
    public void onCertificateDeactivated(Consumer<String> listener) {
        this.certificateDeactivated = Objects.requireNonNull(listener, "listener");
    }

    void certificateDeactivated(String certificateId) {
        certificateDeactivated.accept(certificateId);
    }

    /** The account as it is now, for {@link #restore(Checkpoint)}. */
    public Checkpoint checkpoint() {
        synchronized (lock) {
            // the test kit takes one before every test: an account that has not changed since is not written again
            if (lastCheckpoint == null || lastCheckpoint.changes() != changes) {
                lastCheckpoint = new Checkpoint(snapshot(), changes);
            }
            return lastCheckpoint;
        }
    }

    /**
     * Puts the account back as it was at the checkpoint; every certificate that could connect before the restore and
     * cannot after it (gone, or no longer ACTIVE) is reported as deactivated, so its connections are dropped.
     */
    public void restore(Checkpoint checkpoint) {
        List<String> deactivated = new ArrayList<>();
        synchronized (lock) {
            if (changes == checkpoint.changes()) {
                return; // nothing changed since: the test kit's usual case costs nothing
            }
            AccountState restored;
            try {
                restored = Json.MAPPER.readValue(checkpoint.json(), AccountState.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot restore the account", e);
            }
            state.certificates.forEach((id, certificate) -> {
                AccountState.Certificate after = restored.certificates.get(id);
                if (certificate.status == CertificateStatus.ACTIVE && (after == null || after.status != CertificateStatus.ACTIVE)) {
                    deactivated.add(id);
                }
            });
            state = restored;
            changes++;
            completedChanges = changes;
            store.changed(this::snapshot);
        }
        changeListeners.forEach(Runnable::run);
        deactivated.forEach(this::certificateDeactivated);
    }

    /**
     * The account at one moment, as JSON, and how many changes it had seen then. Immutable.
     */
    public record Checkpoint(String json, long changes) {}

    /** The account as JSON, taken under the lock (the saver thread calls it too). */
    private String snapshot() {
        synchronized (lock) {
            try {
                return Json.MAPPER.writeValueAsString(state);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot write the account", e);
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
