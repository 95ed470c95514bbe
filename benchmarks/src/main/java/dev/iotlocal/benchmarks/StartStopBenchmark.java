package dev.iotlocal.benchmarks;

import dev.iotlocal.emulator.IotEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
        System.out.println("Start and stop, median of " + iterations + " (ms). Baseline: bare embedded HiveMQ with one TCP"
                + " listener; 'with TLS' adds a mutual-TLS listener like the emulator's.");
        System.out.println("| Figure | Baseline | IoT Local emulator | Ratio | Target |");
        System.out.println("|---|---|---|---|---|");
        row("Cold start (fresh JVM)", coldBare[0], coldEmulator[0], "<= 1.1x");
        row("Cold start vs HiveMQ with TLS", coldBareTls[0], coldEmulator[0], "reported");
        row("Warm start (same JVM)", warmBare[0], warmEmulator[0], "<= 1.1x");
        row("Stop, cold JVM", coldBare[1], coldEmulator[1], "<= 0.25x");
        row("Stop, warm JVM", warmBare[1], warmEmulator[1], "<= 0.25x");
    }

    private static void row(String figure, double[] baseline, double[] ours, String target) {
        double baselineMedian = Benchmarks.median(baseline);
        double ourMedian = Benchmarks.median(ours);
        System.out.println("| " + figure + " | " + Benchmarks.format(baselineMedian) + " | " + Benchmarks.format(ourMedian)
                + " | " + String.format(java.util.Locale.ROOT, "%.2fx", ourMedian / baselineMedian) + " | " + target + " |");
    }

    /** Starts and stops one broker in fresh JVMs; returns start and stop samples. */
    private static double[][] cold(String which, int iterations) throws IOException, InterruptedException {
        double[][] samples = new double[2][iterations];
        for (int i = 0; i < iterations; i++) {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Once.class.getName(), which)
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
