package dev.iotlocal.emulator.internal.registry;

import dev.iotlocal.emulator.internal.pki.SecureFiles;
import dev.iotlocal.emulator.internal.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves the account to {@code account.json} in the data directory. A change is written at most
 * {@link #SAVE_DELAY_MILLIS} later, together with every change made in between, so provisioning a thousand
 * devices writes the file a few times rather than three thousand times; {@link #close()} writes what is left.
 * Without a data directory it does nothing. Thread-safe.
 */
final class AccountStore implements AutoCloseable {

    static final String FILE_NAME = "account.json";
    private static final long SAVE_DELAY_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(AccountStore.class);

    private final Path file;
    private final ScheduledExecutorService saver;
    /** Held while a save writes, so two saves never share the temporary file. */
    private final Object writing = new Object();
    private Supplier<String> pending;
    private boolean closed;

    AccountStore(Path dataDirectory) {
        this.file = dataDirectory == null ? null : dataDirectory.resolve(FILE_NAME);
        this.saver = file == null ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "iot-local-account-saver");
            thread.setDaemon(true);
            return thread;
        });
    }

    AccountState load() {
        if (file == null || !Files.exists(file)) {
            return new AccountState();
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), AccountState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the account " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Saves soon; {@code snapshot} is asked for the account's JSON when the save happens. After {@link #close()} a
     * thread of its own saves at once, so a change that races the close is not lost. Called under the registry's
     * lock, so it never saves on the caller's thread: a save takes that lock to read the account.
     */
    void changed(Supplier<String> snapshot) {
        if (file == null) {
            return;
        }
        boolean saveNow;
        synchronized (this) {
            boolean scheduled = pending != null;
            pending = snapshot;
            saveNow = closed;
            if (!scheduled && !closed) {
                saver.schedule(this::save, SAVE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        if (saveNow) {
            Thread late = new Thread(this::save, "iot-local-account-saver");
            late.start();
        }
    }

    /** Writes the latest snapshot, one save at a time; a save that fails is tried again with the next one. */
    private void save() {
        synchronized (writing) {
            Supplier<String> snapshot;
            synchronized (this) {
                snapshot = pending;
                pending = null;
            }
            if (snapshot == null) {
                return;
            }
            try {
                Files.createDirectories(file.getParent());
                SecureFiles.writeAtomically(file, snapshot.get().getBytes(StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    if (pending == null) {
                        pending = snapshot;
                    }
                }
                LOG.error("Cannot save the account to {}: {}", file, e.toString());
            }
        }
    }

    @Override
    public void close() {
        if (file == null) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        saver.shutdown();
        try {
            saver.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        save();
    }
}
