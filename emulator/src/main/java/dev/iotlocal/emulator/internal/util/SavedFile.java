package dev.iotlocal.emulator.internal.util;

import dev.iotlocal.emulator.internal.pki.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file in the data directory that the emulator rewrites as what it holds changes (the account, the shadows). A change
 * is written at most {@link #SAVE_DELAY_MILLIS} later, together with every change made in between, so provisioning a
 * thousand devices writes the file a few times rather than three thousand times; {@link #close()} writes what is left.
 * Each write replaces the file atomically, readable by its owner only. Without a data directory it does nothing.
 * Thread-safe.
 */
public final class SavedFile implements AutoCloseable {

    private static final long SAVE_DELAY_MILLIS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(SavedFile.class);

    private final Path file;
    private final ScheduledExecutorService saver;
    /** Held while a save writes, so two saves never share the temporary file. */
    private final Object writing = new Object();
    private Supplier<String> pending;
    private boolean closed;

    private final String what;

    /**
     * @param dataDirectory the data directory, or null for none
     * @param fileName      the file's name in it
     * @param what          what the file holds, for thread names and log lines ({@code account})
     */
    public SavedFile(Path dataDirectory, String fileName, String what) {
        this.what = what;
        this.file = dataDirectory == null ? null : dataDirectory.resolve(fileName);
        this.saver = file == null ? null : Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "iot-local-" + what + "-saver");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The file's bytes as last saved, or empty when there is no data directory or no file yet. */
    public Optional<byte[]> read() {
        if (file == null || !Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Saves soon; {@code snapshot} is asked for the file's text when the save happens. After {@link #close()} a
     * thread of its own saves at once, so a change that races the close is not lost. Called under the registry's
     * lock, so it never saves on the caller's thread: a save takes that lock to read what it holds.
     */
    public void changed(Supplier<String> snapshot) {
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
            Thread late = new Thread(this::save, "iot-local-" + what + "-saver");
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
                LOG.error("Cannot save the {} to {}: {}", what, file, e.toString());
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
