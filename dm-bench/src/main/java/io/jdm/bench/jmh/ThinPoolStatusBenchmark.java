package io.jdm.bench.jmh;

import io.jdm.targets.status.StatusResult;
import io.jdm.targets.status.TargetStatuses;
import io.jdm.targets.status.ThinPoolStatus;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Parsing one thin-pool status line, the reply an autoextend loop or a monitor reads over and over:
 * directly, and through the by-type dispatch a caller holding a {@code TargetStatus} uses.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThinPoolStatusBenchmark {
    /**
     * A kernel 6.x line of a pool in use: transaction id, metadata and data blocks used/total, a held
     * metadata root, mode, discards, no-space policy, needs_check, metadata low watermark.
     */
    static final String LINE = "17 1234/262144 98765/1048576 4096 rw discard_passdown queue_if_no_space - 1024";

    private final String line = LINE;

    @Benchmark
    public StatusResult<ThinPoolStatus> parse() {
        return ThinPoolStatus.parse(line);
    }

    @Benchmark
    public Optional<StatusResult<?>> parseByType() {
        return TargetStatuses.parse(ThinPoolStatus.TYPE, line);
    }
}
