package dev.iotlocal.emulator.support;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.journal.LifecycleEvent;
import dev.iotlocal.emulator.journal.RuleViolation;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.iot.IotClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** One emulator per test class for the emulator's own tests; its journal is cleared before each test. */
public final class RunningEmulator implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final EmulatorConfig config;
    private IotEmulator emulator;
    private IotClient iot;

    public RunningEmulator(EmulatorConfig config) {
        this.config = config;
    }

    public IotEmulator get() {
        return emulator;
    }

    /** An {@code IotClient} pointed at this emulator ({@link ControlPlane#iotClient}), made once and closed with it. */
    public synchronized IotClient iot() {
        if (iot == null) {
            iot = ControlPlane.iotClient(emulator);
        }
        return iot;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        emulator = IotEmulator.start(config);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        emulator.journal().clear();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        synchronized (this) {
            if (iot != null) {
                iot.close();
                iot = null;
            }
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    /** Waits for a rule violation that matches and returns it. */
    public RuleViolation awaitViolation(Predicate<RuleViolation> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> emulator.journal().violations().stream().filter(matching).findFirst().orElse(null),
                violation -> violation != null);
    }

    /** Waits for a lifecycle event of a type for a client and returns it. */
    public LifecycleEvent awaitEvent(String eventType, String clientId) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
                () -> emulator.journal().lifecycleEvents().stream()
                        .filter(event -> event.eventType().equals(eventType) && event.clientId().equals(clientId))
                        .findFirst().orElse(null),
                event -> event != null);
    }

    public List<RuleViolation> violations() {
        return emulator.journal().violations();
    }
}
