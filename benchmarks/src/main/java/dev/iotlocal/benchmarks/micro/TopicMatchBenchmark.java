package dev.iotlocal.benchmarks.micro;

import dev.iotlocal.emulator.rules.TopicFilter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** AWS IoT's topic matching, the emulator's one matcher, for the filter shapes devices subscribe with. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TopicMatchBenchmark {

    /** Exact, single-level wildcard, multi-level wildcard, and a filter that misses at its second level. */
    @Param({"dt/factory/line-3/temperature", "dt/factory/+/temperature", "dt/#", "dt/office/+/temperature"})
    public String filter;

    // a field, not a constant, so that the JIT cannot fold the match away
    public String topic = "dt/factory/line-3/temperature";

    @Benchmark
    public boolean matches() {
        return TopicFilter.matches(filter, topic);
    }
}
