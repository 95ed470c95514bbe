package dev.iotlocal.benchmarks;

import dev.iotlocal.benchmarks.micro.SigV4Benchmark;
import dev.iotlocal.benchmarks.micro.TopicMatchBenchmark;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH micro-benchmarks ({@code dev.iotlocal.benchmarks.micro}) with short settings, so the suite stays
 * within its time: one fork, 1-second iterations. JMH's own progress goes to {@code jmh.log} beside the report.
 */
final class MicroBenchmarks {

    private MicroBenchmarks() {}

    static void run(boolean quick) throws Exception {
        int warmUp = quick ? 1 : 2;
        int measured = quick ? 1 : 3;
        Options options = new OptionsBuilder()
                .include(Pattern.quote(SigV4Benchmark.class.getName()) + "\\.")
                .include(Pattern.quote(TopicMatchBenchmark.class.getName()) + "\\.")
                .forks(1)
                .warmupIterations(warmUp)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(measured)
                .measurementTime(TimeValue.seconds(1))
                .output(Benchmarks.outputDirectory().resolve("jmh.log").toString())
                .build();
        Table table = new Table("Micro-benchmarks (JMH: 1 fork, " + warmUp + " warm-up and " + measured + " measured iterations of 1 s)");
        for (RunResult result : new Runner(options).run()) {
            String name = result.getParams().getBenchmark();
            String filter = result.getParams().getParam("filter");
            String figure = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1) + (filter == null ? "" : " `" + filter + "`");
            double error = result.getPrimaryResult().getScoreError();
            // one measured iteration (--quick) has no confidence interval
            String ours = String.format(Locale.ROOT, "%,.0f", result.getPrimaryResult().getScore())
                    + (Double.isNaN(error) ? "" : String.format(Locale.ROOT, " ± %,.0f", error)) + " ops/s";
            table.row(figure, "—", ours, "—", Table.Target.REPORTED, "—");
        }
        table.print("SigV4Benchmark.verifyIotHandshake: the WSS door's SigV4Verifier.verifyQuery on a handshake captured from the AWS IoT"
                + " Device SDK v2. TopicMatchBenchmark.matches: TopicFilter.matches against the topic `dt/factory/line-3/temperature`."
                + " Error: JMH's 99.9% confidence interval, wide with so few iterations.");
    }
}
