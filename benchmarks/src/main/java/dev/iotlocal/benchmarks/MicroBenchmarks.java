package dev.iotlocal.benchmarks;

import dev.iotlocal.benchmarks.micro.SigV4Benchmark;
import dev.iotlocal.benchmarks.micro.TopicMatchBenchmark;
import java.util.Collection;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH micro-benchmarks ({@code dev.iotlocal.benchmarks.micro}) with short settings, so the suite stays
 * within its time: one fork, 1-second iterations. JMH's own progress goes to {@code jmh.log} beside the report.
 */
final class MicroBenchmarks {

    private MicroBenchmarks() {}

    static void run(boolean quick) throws Exception {
        Table table = new Table("Micro-benchmarks (" + settings(quick) + ")");
        for (RunResult result : measure(quick, SigV4Benchmark.class, TopicMatchBenchmark.class)) {
            table.row(figure(result), "—", score(result), "—", Table.Target.REPORTED, "—");
        }
        table.print("SigV4Benchmark.verifyIotHandshake: the WSS door's SigV4Verifier.verifyQuery on a handshake captured from the AWS IoT"
                + " Device SDK v2. TopicMatchBenchmark.matches: TopicFilter.matches against the topic `dt/factory/line-3/temperature`."
                + " Error: JMH's 99.9% confidence interval, wide with so few iterations.");
    }

    /** The JMH settings {@link #measure} runs with, for a table's title. */
    static String settings(boolean quick) {
        return "JMH: 1 fork, " + warmUpIterations(quick) + " warm-up and " + measuredIterations(quick) + " measured iterations of 1 s";
    }

    /** Runs every benchmark method of these classes, for every combination of their parameters. */
    static Collection<RunResult> measure(boolean quick, Class<?>... benchmarks) throws Exception {
        ChainedOptionsBuilder options = new OptionsBuilder();
        for (Class<?> benchmark : benchmarks) {
            options.include(Pattern.quote(benchmark.getName()) + "\\.");
        }
        return new Runner(options
                .forks(1)
                .warmupIterations(warmUpIterations(quick))
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(measuredIterations(quick))
                .measurementTime(TimeValue.seconds(1))
                .output(Benchmarks.outputDirectory().resolve("jmh.log").toString())
                .build()).run();
    }

    /** {@code Class.method} and the parameters' values, such as {@code TopicMatchBenchmark.matches `dt/#`}. */
    static String figure(RunResult result) {
        BenchmarkParams params = result.getParams();
        String name = params.getBenchmark();
        String values = params.getParamsKeys().stream().map(key -> "`" + params.getParam(key) + "`").collect(Collectors.joining(" "));
        return name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1) + (values.isEmpty() ? "" : " " + values);
    }

    /** The score with its error, such as {@code 92,224 ± 2,299 ops/s}. */
    static String score(RunResult result) {
        double error = result.getPrimaryResult().getScoreError();
        // one measured iteration (--quick) has no confidence interval
        return String.format(Locale.ROOT, "%,.0f", result.getPrimaryResult().getScore())
                + (Double.isNaN(error) ? "" : String.format(Locale.ROOT, " ± %,.0f", error)) + " " + result.getPrimaryResult().getScoreUnit();
    }

    private static int warmUpIterations(boolean quick) {
        return quick ? 1 : 2;
    }

    private static int measuredIterations(boolean quick) {
        return quick ? 1 : 3;
    }
}
