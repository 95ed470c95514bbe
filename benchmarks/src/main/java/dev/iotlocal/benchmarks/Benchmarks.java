package dev.iotlocal.benchmarks;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/**
 * Runs the benchmarks and prints Markdown tables of figures beside baselines measured in the same run on the
 * same machine. Absolute times vary between runs on shared machines; the ratios are what to compare. Each
 * table is printed as soon as it is measured; the whole output is also written to {@code benchmarks.md} beside
 * the jar (logs go to standard error).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar [all|start-stop|reset|connect|throughput|connections|control-plane|policies|micro ...]
 *     [--quick] [--iterations N] [--connections N] [--jfr]</pre>
 */
public final class Benchmarks {

    static final List<String> COMMANDS = List.of("start-stop", "reset", "connect", "throughput", "connections", "control-plane", "policies", "micro");

    /** Whether the JVMs the benchmarks start record with JDK Flight Recorder. */
    private static boolean profile;

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        Set<String> commands = new LinkedHashSet<>();
        List<String> failed = new ArrayList<>();
        boolean quick = false;
        Integer iterations = null;
        Integer connections = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--connections" -> connections = Integer.parseInt(args[++i]);
                case "--jfr" -> profile = true;
                case "all" -> commands.addAll(COMMANDS);
                default -> {
                    if (!COMMANDS.contains(args[i])) {
                        System.err.println("Unknown argument " + args[i] + "; use one or more of all, " + String.join(", ", COMMANDS)
                                + ", with --quick, --iterations N (start and stop), --connections N, --jfr");
                        System.exit(2);
                    }
                    commands.add(args[i]);
                }
            }
        }
        if (commands.isEmpty()) {
            commands.addAll(COMMANDS);
        }
        Path report = outputDirectory().resolve("benchmarks.md");
        try (OutputStream file = new FileOutputStream(report.toFile())) {
            System.setOut(new PrintStream(new Tee(System.out, file), true, StandardCharsets.UTF_8));
            long started = System.nanoTime();
            System.out.println("## IoT Local benchmarks" + (quick ? " (quick run)" : ""));
            System.out.println();
            System.out.println(Machine.describe());
            System.out.println();
            for (String command : commands) {
                try {
                    run(command, quick, iterations, connections);
                } catch (Exception | Error e) {
                    // one failed benchmark must not cost the others; the run ends with a failure exit code
                    failed.add(command);
                    System.out.println("**" + command + " failed:** " + e + "\n");
                    e.printStackTrace();
                }
            }
            Table.printSummary();
            System.out.printf(Locale.ROOT, "Total run time: %.1f min (%s)%n", (System.nanoTime() - started) / 60e9, String.join(", ", commands));
        }
        System.err.println("Written to " + report);
        // aws-crt and HiveMQ leave non-daemon threads behind
        System.exit(failed.isEmpty() ? 0 : 1);
    }

    private static void run(String command, boolean quick, Integer iterations, Integer connections) throws Exception {
        switch (command) {
            case "start-stop" -> StartStopBenchmark.run(iterations != null ? iterations : quick ? 3 : 10);
            case "reset" -> ResetBenchmark.run(quick ? 30 : 300);
            case "connect" -> ConnectBenchmark.run(quick ? 20 : 150);
            case "throughput" -> ThroughputBenchmark.run(quick ? 5_000 : 20_000, quick ? 1 : 3);
            case "connections" -> ConnectionsBenchmark.run(connections != null ? connections : quick ? 1_000 : 10_000,
                    Duration.ofSeconds(quick ? 3 : 15));
            case "control-plane" -> ControlPlaneBenchmark.run(quick ? 100 : 1_000, quick ? 1_000 : 10_000);
            case "policies" -> PoliciesBenchmark.run(quick ? 5_000 : 20_000, quick ? 1 : 3, quick ? 20 : 150, quick);
            case "micro" -> MicroBenchmarks.run(quick);
            default -> throw new IllegalArgumentException(command);
        }
    }

    /** The directory of the benchmark jar ({@code benchmarks/target}), wherever the command is run from. */
    static Path outputDirectory() {
        try {
            return Path.of(Benchmarks.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("The benchmark jar's location is not a file", e);
        }
    }

    /**
     * With {@code --jfr}, the option that makes a child JVM record a JFR profile into {@code jfr/<name>.jfr} beside the
     * report; else none. (The benchmark JVM itself is profiled by starting it with {@code -XX:StartFlightRecording}.)
     */
    static List<String> profiling(String name) throws IOException {
        if (!profile) {
            return List.of();
        }
        Path recording = Files.createDirectories(outputDirectory().resolve("jfr")).resolve(name + ".jfr");
        return List.of("-XX:StartFlightRecording=filename=" + recording + ",settings=profile");
    }

    /** A command that runs {@code main} in a fresh JVM with this JVM's class path. */
    static List<String> javaCommand(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** A percentile of microsecond samples, in milliseconds. */
    static double millis(Histogram micros, double percentile) {
        return micros.getValueAtPercentile(percentile) / 1_000.0;
    }

    /** Deletes a temporary directory and everything in it; what cannot be deleted stays behind. */
    static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }

    /** The median of some samples. */
    static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Writes to the console and the report file alike. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream file;

        Tee(OutputStream console, OutputStream file) {
            this.console = console;
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            console.write(b);
            file.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            console.write(bytes, offset, length);
            file.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            console.flush();
            file.flush();
        }
    }
}
