package dev.iotlocal.benchmarks;

import dev.iotlocal.client.CognitoCredentials;
import dev.iotlocal.client.CognitoIotConnector;
import dev.iotlocal.client.IotClientConfig;
import dev.iotlocal.emulator.IotEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;

/**
 * Warm seed-flow connect latency: a fresh {@code CognitoIotConnector} per sample, so each sample makes the five
 * AWS calls (GetId, GetCredentialsForIdentity, the auth Lambda, GetId and GetCredentialsForIdentity with the
 * login) and then the SigV4-signed WebSocket handshake until CONNACK. Baseline: the same SDK client connecting
 * to bare HiveMQ's TLS WebSocket listener without any signing. Its two parts are measured too: the five calls
 * alone, and the signed connect with credentials already cached. Samples of the four kinds alternate, so that
 * drift on a shared machine hits all alike.
 */
final class ConnectBenchmark {

    private ConnectBenchmark() {}

    /** Something timed once per sample; what it returns is closed after the clock stops. */
    @FunctionalInterface
    interface Sample {
        AutoCloseable run() throws Exception;
    }

    static void run(int samples) throws Exception {
        Path directory = Files.createTempDirectory("connect-benchmark-");
        Histogram baseline = new Histogram(3);
        Histogram seedFlow = new Histogram(3);
        Histogram signedConnect = new Histogram(3);
        Histogram awsCalls = new Histogram(3);
        int warmUp = Math.max(10, samples / 5);
        try (IotEmulator emulator = IotEmulator.start(); BareHiveMq bare = BareHiveMq.create(false, true).start()) {
            IotClientConfig config = IotClientConfig.load(CrtDoors.writeSeedProperties(emulator, directory));
            CrtDoors.Door unsigned = CrtDoors.unsignedWebSocket(bare.webSocketPort, bare.tls.caPem());
            CrtDoors.Door seed = CrtDoors.seedFlow(config);
            try (CognitoIotConnector connector = CognitoIotConnector.create(config)) {
                CrtDoors.Door signed = CrtDoors.signedWebSocket(connector);
                for (int i = 0; i < warmUp + samples; i++) {
                    boolean measured = i >= warmUp;
                    time(measured ? baseline : null, () -> unsigned.connect("benchmark-connect"));
                    time(measured ? seedFlow : null, () -> seed.connect("benchmark-connect"));
                    time(measured ? signedConnect : null, () -> signed.connect("benchmark-connect"));
                    time(measured ? awsCalls : null, () -> {
                        CognitoCredentials credentials = CognitoCredentials.create(config);
                        credentials.resolveCredentials();
                        return credentials;
                    });
                }
            }
        } finally {
            Benchmarks.delete(directory);
        }
        String name = "HiveMQ WSS, unsigned";
        new Table("Seed-flow connect, warm (" + samples + " samples each, after " + warmUp + " to warm up)")
                .compare("Seed-flow connect p50 (5 AWS calls + WSS CONNACK)", name, Benchmarks.millis(baseline, 50), Benchmarks.millis(seedFlow, 50), "ms",
                        Table.Target.ratioAtMost(2))
                .compare("Seed-flow connect p99", name, Benchmarks.millis(baseline, 99), Benchmarks.millis(seedFlow, 99), "ms", Table.Target.REPORTED)
                .compare("Part: signed WSS connect with cached credentials, p50", name, Benchmarks.millis(baseline, 50), Benchmarks.millis(signedConnect, 50), "ms",
                        Table.Target.REPORTED)
                .single("Part: the 5 AWS calls with a fresh CognitoCredentials, p50", Benchmarks.millis(awsCalls, 50), "ms", Table.Target.REPORTED)
                .print("Ours: a fresh CognitoIotConnector per sample, the AWS IoT Device SDK v2 MQTT 3.1.1 WebSocket client signed"
                        + " with its Cognito credentials, until CONNACK. Baseline: the same SDK client to bare HiveMQ's TLS WebSocket"
                        + " listener without signing. All over TLS on loopback; disconnect and close are not timed.");
    }

    /** Times one sample in microseconds, or only runs it while warming up (null histogram). */
    static void time(Histogram micros, Sample sample) throws Exception {
        long started = System.nanoTime();
        AutoCloseable result = sample.run();
        long elapsed = System.nanoTime() - started;
        result.close();
        if (micros != null) {
            micros.recordValue(elapsed / 1_000);
        }
    }

}
