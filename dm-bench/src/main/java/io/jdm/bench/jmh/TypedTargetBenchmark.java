package io.jdm.bench.jmh;

import io.jdm.targets.Target;
import io.jdm.targets.Targets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A typed target to its table text ({@code format}) and back ({@code parse}, through the registry as a
 * table readback is typed), for every kind of target dm-targets knows.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TypedTargetBenchmark {
    @Param
    public TargetSample kind;

    private String type;
    private String text;
    private Target target;

    @Setup(Level.Trial)
    public void setUp() {
        type = kind.type();
        target = Targets.parse(type, kind.params());
        text = target.format();
        // a sample that did not round-trip would measure an error path, not the codec
        if (!Targets.parse(type, text).equals(target)) {
            throw new IllegalStateException(kind + ": '" + text + "' does not parse back to " + target);
        }
    }

    @Benchmark
    public String format() {
        return target.format();
    }

    @Benchmark
    public Target parse() {
        return Targets.parse(type, text);
    }

    /** For the test that checks the samples. */
    Target target() {
        return target;
    }
}
