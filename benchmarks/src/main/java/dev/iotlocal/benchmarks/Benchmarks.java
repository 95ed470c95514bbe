package dev.iotlocal.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/**
 * Runs the benchmarks and prints tables of figures beside baselines measured in the same run on the same
 * machine. Absolute times vary between runs on shared machines; the ratios are what to compare.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar [start-stop] [--iterations N]</pre>
 */
public final class Benchmarks {

    private Benchmarks() {}

    public static void main(String[] args) throws Exception {
        int iterations = 10;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--iterations")) {
                iterations = Integer.parseInt(args[++i]);
            }
        }
        System.out.println(Machine.describe());
        System.out.println();
        StartStopBenchmark.run(iterations);
    }

    /** The median of some samples, in milliseconds. */
    static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
