package dev.iotlocal.testkit.internal;

import dev.iotlocal.emulator.AccountCheckpoint;
import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.IotEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One emulator of a test run, shared by every test class with the same configuration and closed when the run
 * ends (JUnit closes {@link AutoCloseable} values of its root store). Tests that share it take turns: each
 * holds the lock from its reset to its end, so test classes can run in parallel without seeing each other.
 */
public final class SharedEmulator implements AutoCloseable {

    private final IotEmulator emulator;
    private final Path caCertificateFile;
    private final ReentrantLock turn = new ReentrantLock();
    /** Read and written only by the thread holding {@link #turn}. */
    private AccountCheckpoint accountBeforeTest;

    private SharedEmulator(IotEmulator emulator, Path caCertificateFile) {
        this.emulator = emulator;
        this.caCertificateFile = caCertificateFile;
    }

    public static SharedEmulator start(EmulatorConfig config) {
        ClientWarmUp.startInBackground();
        IotEmulator emulator = IotEmulator.start(config);
        try {
            Path caFile = Files.createTempFile("iot-local-ca-", ".pem");
            Files.writeString(caFile, emulator.certificates().caCertificatePem(), StandardCharsets.US_ASCII);
            caFile.toFile().deleteOnExit();
            return new SharedEmulator(emulator, caFile);
        } catch (IOException e) {
            emulator.close();
            throw new UncheckedIOException("Cannot write the emulator's CA certificate", e);
        }
    }

    public IotEmulator emulator() {
        return emulator;
    }

    public Path caCertificateFile() {
        return caCertificateFile;
    }

    /**
     * Waits for this test's turn, then resets the emulator for it and remembers the account, which
     * {@link #endTest()} restores: what a test creates (things, certificates, groups, policies) is gone for the next,
     * what the configuration and the classes' set-up made stays.
     */
    public void beginTest() {
        turn.lock();
        try {
            emulator.reset();
            accountBeforeTest = emulator.checkpointAccount();
        } catch (RuntimeException e) {
            turn.unlock();
            throw e;
        }
    }

    public void endTest() {
        if (turn.isHeldByCurrentThread()) {
            try {
                if (accountBeforeTest != null) {
                    accountBeforeTest.restore();
                    accountBeforeTest = null;
                }
            } finally {
                turn.unlock();
            }
        }
    }

    @Override
    public void close() {
        try {
            emulator.close();
        } finally {
            try {
                Files.deleteIfExists(caCertificateFile);
            } catch (IOException ignored) {
                // a temp file left behind; deleteOnExit gets it
            }
        }
    }
}
