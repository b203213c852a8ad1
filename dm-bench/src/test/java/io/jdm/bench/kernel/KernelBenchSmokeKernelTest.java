package io.jdm.bench.kernel;

import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel benchmark with a few repetitions of everything, so that it cannot rot: every peer
 * produces a figure for every workload, and the report files are written. No figure is judged.
 */
@KernelTest
class KernelBenchSmokeKernelTest {

    @Test
    void everyPeerMeasuresEveryWorkloadAndTheReportIsWritten(@TempDir Path work) throws Exception {
        Path out = Path.of("target", "kernel-bench-smoke");
        Plan plan = Plan.smoke();
        Report report = KernelBench.run(plan, out, work);

        assertEquals(List.of(), report.failures());
        assertEquals(List.of(), report.missing());
        assertEquals(List.of("raw-c", "libdevmapper", "dmsetup", "jdm"), report.peers());
        for (Workload w : plan.workloads()) {
            for (String peer : report.peers()) {
                Stats s = report.stats(w, peer).orElseThrow();
                assertTrue(s.median() > 0, w.label() + "/" + peer + ": " + s);
            }
        }
        for (String file : List.of(ReportWriter.MARKDOWN, ReportWriter.CSV, ReportWriter.SVG)) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        long rows = Files.readAllLines(out.resolve(ReportWriter.CSV)).size() - 1;
        assertEquals((long) plan.workloads().size() * report.peers().size(), rows);
        // nothing of the run is left in the kernel (the kit fails the class on leftovers too)
        try (var dm = io.jdm.api.DeviceMapper.open()) {
            assertTrue(dm.list().stream().noneMatch(d -> d.name().value().startsWith("jdmb-")), dm.list().toString());
        }
    }
}
