package io.jdm.bench.jmh;

import io.jdm.targets.status.ThinPoolStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The typed-target and thin-pool status benchmarks measure the codecs' success path: every sample is a
 * target's canonical text, and the status line parses to the pool it describes.
 */
class BenchmarkSamplesTest {
    @ParameterizedTest
    @EnumSource(TargetSample.class)
    void everySampleIsItsTargetsCanonicalText(TargetSample kind) {
        TypedTargetBenchmark bench = new TypedTargetBenchmark();
        bench.kind = kind;
        bench.setUp();
        assertEquals(kind.type(), bench.target().type());
        assertEquals(kind.params(), bench.format());
        assertEquals(bench.target(), bench.parse());
    }

    @Test
    void theThinPoolLineParsesToTheWorkingPoolItDescribes() {
        ThinPoolStatus.Working expected = new ThinPoolStatus.Working(17, 1234, 262144, 98765, 1048576,
                OptionalLong.of(4096), ThinPoolStatus.Mode.READ_WRITE, ThinPoolStatus.Discards.PASSDOWN,
                ThinPoolStatus.NoSpacePolicy.QUEUE, false, OptionalLong.of(1024));
        ThinPoolStatusBenchmark bench = new ThinPoolStatusBenchmark();
        assertEquals(expected, bench.parse().orElseThrow());
        assertEquals(expected, bench.parseByType().orElseThrow().orElseThrow());
    }
}
