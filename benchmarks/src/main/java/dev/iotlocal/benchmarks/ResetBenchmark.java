package dev.iotlocal.benchmarks;

import dev.iotlocal.emulator.EmulatorConfig;
import dev.iotlocal.emulator.IotEmulator;
import dev.iotlocal.emulator.identity.DeviceCertificate;
import dev.iotlocal.testkit.internal.SharedEmulator;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import software.amazon.awssdk.crt.mqtt.MqttMessage;
import software.amazon.awssdk.crt.mqtt.QualityOfService;

/**
 * The test kit's reset between tests: {@code SharedEmulator.beginTest()} (its turn lock and
 * {@code IotEmulator.reset()}) on an emulator that records messages, as the test kit starts it. Measured after a
 * little activity, as a test leaves it (a device connected, published once and closed), and with nothing to
 * clean.
 */
final class ResetBenchmark {

    private ResetBenchmark() {}

    static void run(int iterations) throws Exception {
        Histogram afterActivity = new Histogram(3);
        Histogram idle = new Histogram(3);
        try (SharedEmulator shared = SharedEmulator.start(EmulatorConfig.defaults().toBuilder().journal(journal -> journal.recordMessages(true)).build())) {
            IotEmulator emulator = shared.emulator();
            DeviceCertificate device = emulator.certificates().issue("benchmark-reset");
            CrtDoors.Door door = CrtDoors.mutualTls(emulator.endpoints().mtlsPort(), emulator.certificates().caCertificatePem(),
                    device.certificatePem(), device.privateKeyPem().orElseThrow());
            byte[] payload = "{\"temperature\":21.5}".getBytes(StandardCharsets.US_ASCII);
            int warmUp = Math.max(10, iterations / 10);
            for (int i = 0; i < warmUp + iterations; i++) {
                try (CrtDoors.Client client = door.connect("benchmark-reset")) {
                    client.connection().publish(new MqttMessage("benchmark/reset", payload, QualityOfService.AT_LEAST_ONCE, false))
                            .get(30, TimeUnit.SECONDS);
                }
                record(shared, i >= warmUp ? afterActivity : null);
                record(shared, i >= warmUp ? idle : null);
            }
        }
        new Table("Test-kit reset between tests (" + iterations + " each, after " + Math.max(10, iterations / 10) + " to warm up)")
                .single("Reset after a test's activity, median", Benchmarks.millis(afterActivity, 50), "ms",
                        Table.Target.atMost(10, "≤ 10 ms median"))
                .single("Reset after a test's activity, p99", Benchmarks.millis(afterActivity, 99), "ms", Table.Target.REPORTED)
                .single("Reset with nothing to clean, median", Benchmarks.millis(idle, 50), "ms", Table.Target.REPORTED)
                .single("Reset with nothing to clean, p99", Benchmarks.millis(idle, 99), "ms", Table.Target.REPORTED)
                .print("SharedEmulator.beginTest() and endTest() on an emulator with recordMessages on. Activity: one device"
                        + " (AWS IoT Device SDK v2, mutual TLS) connected, published one QoS 1 message and disconnected just before.");
    }

    private static void record(SharedEmulator shared, Histogram micros) {
        long started = System.nanoTime();
        shared.beginTest();
        long elapsed = System.nanoTime() - started;
        shared.endTest();
        if (micros != null) {
            micros.recordValue(elapsed / 1_000);
        }
    }
}
