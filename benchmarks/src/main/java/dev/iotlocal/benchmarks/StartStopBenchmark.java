package dev.iotlocal.benchmarks;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.iotlocal.emulator.IotEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Start and stop of the whole emulator against bare embedded HiveMQ (in-memory persistence, one TCP
 * listener, no extension). Cold: each sample in a fresh JVM, as a test suite's first start. Warm: repeated in
 * one JVM, as later starts in a suite. Stop: until the ports are free and {@code close()} has returned.
 */
final class StartStopBenchmark {

    private StartStopBenchmark() {}

    static void run(int iterations) throws Exception {
        double[][] coldBare = cold("bare", iterations);
        double[][] coldBareTls = cold("bare-tls", iterations);
        double[][] coldParts = cold("parts", iterations);
        double[][] coldEmulator = cold("emulator", iterations);
        double[][] warmBare = new double[2][iterations];
        double[][] warmEmulator = new double[2][iterations];
        // warm up both before measuring, then alternate so drift hits both alike
        once("bare");
        once("emulator");
        for (int i = 0; i < iterations; i++) {
            double[] bare = once("bare");
            double[] emulator = once("emulator");
            warmBare[0][i] = bare[0];
            warmBare[1][i] = bare[1];
            warmEmulator[0][i] = emulator[0];
            warmEmulator[1][i] = emulator[1];
        }
        String bare = "bare HiveMQ";
        new Table("Start and stop (median of " + iterations + ")")
                .compare("Cold start, fresh JVM", bare, Benchmarks.median(coldBare[0]), Benchmarks.median(coldEmulator[0]), "ms",
                        Table.Target.ratioAtMost(1.1))
                .compare("Cold start, fresh JVM, vs HiveMQ with a TLS listener", bare + " + TLS", Benchmarks.median(coldBareTls[0]),
                        Benchmarks.median(coldEmulator[0]), "ms", Table.Target.REPORTED)
                .compare("Cold start, fresh JVM, vs its parts started side by side", "HiveMQ + TLS ∥ WireMock", Benchmarks.median(coldParts[0]),
                        Benchmarks.median(coldEmulator[0]), "ms", Table.Target.REPORTED)
                .compare("Warm start, same JVM", bare, Benchmarks.median(warmBare[0]), Benchmarks.median(warmEmulator[0]), "ms",
                        Table.Target.ratioAtMost(1.1))
                .compare("Stop, cold JVM", bare, Benchmarks.median(coldBare[1]), Benchmarks.median(coldEmulator[1]), "ms",
                        Table.Target.ratioAtMost(0.25))
                .compare("Stop, warm JVM", bare, Benchmarks.median(warmBare[1]), Benchmarks.median(warmEmulator[1]), "ms",
                        Table.Target.ratioAtMost(0.25))
                .print("Baseline: bare embedded HiveMQ, in-memory persistence, one TCP listener, no extension; 'with a TLS listener'"
                        + " adds a mutual-TLS listener like the emulator's; 'its parts' also starts a bare WireMock server on a second"
                        + " thread at the same time. Ours: the whole emulator (broker, mutual-TLS and WSS doors,"
                        + " AWS API endpoint). Cold: each sample in a fresh JVM, like a test suite's first start. Stop: until"
                        + " close() has returned and the ports are free.");
    }

    /** Starts and stops one broker in fresh JVMs; returns start and stop samples. */
    private static double[][] cold(String which, int iterations) throws IOException, InterruptedException {
        double[][] samples = new double[2][iterations];
        for (int i = 0; i < iterations; i++) {
            Process process = new ProcessBuilder(Benchmarks.javaCommand(Benchmarks.profiling("start-stop-" + which + "-" + i), Once.class, which))
                    .redirectErrorStream(true).start();
            String result = null;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("RESULT ")) {
                        result = line;
                    }
                }
            }
            process.waitFor();
            if (result == null) {
                throw new IllegalStateException("The " + which + " sample printed no result");
            }
            String[] parts = result.split(" ");
            samples[0][i] = Double.parseDouble(parts[1]);
            samples[1][i] = Double.parseDouble(parts[2]);
        }
        return samples;
    }

    static double[] once(String which) throws Exception {
        if (which.equals("parts")) {
            long started = System.nanoTime();
            CompletableFuture<WireMockServer> wireMock = CompletableFuture.supplyAsync(() -> {
                WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").port(0));
                server.start();
                return server;
            });
            BareHiveMq bare = BareHiveMq.create(true, false).start();
            WireMockServer server = wireMock.join();
            double start = (System.nanoTime() - started) / 1e6;
            long stopping = System.nanoTime();
            server.stop();
            bare.close();
            return new double[] {start, (System.nanoTime() - stopping) / 1e6};
        }
        if (which.startsWith("bare")) {
            BareHiveMq bare = BareHiveMq.create(which.equals("bare-tls"), false);
            long started = System.nanoTime();
            bare.start();
            double start = (System.nanoTime() - started) / 1e6;
            long stopping = System.nanoTime();
            bare.close();
            return new double[] {start, (System.nanoTime() - stopping) / 1e6};
        }
        long started = System.nanoTime();
        IotEmulator emulator = IotEmulator.start();
        double start = (System.nanoTime() - started) / 1e6;
        long stopping = System.nanoTime();
        emulator.close();
        return new double[] {start, (System.nanoTime() - stopping) / 1e6};
    }

    /** One cold sample: run in a fresh JVM, prints {@code RESULT <start ms> <stop ms>}. */
    public static final class Once {
        public static void main(String[] args) throws Exception {
            double[] sample = once(args[0]);
            System.out.println("RESULT " + sample[0] + " " + sample[1]);
            System.exit(0);
        }
    }
}
