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
        long expected = 0;
        for (Workload w : plan.workloads()) {
            for (String peer : report.peers()) {
                if (!Report.expects(w, peer)) {
                    // libdevmapper does no mounts: no figure, not a failure
                    assertTrue(report.stats(w, peer).isEmpty(), w.label() + "/" + peer);
                    continue;
                }
                expected++;
                Stats s = report.stats(w, peer).orElseThrow();
                assertTrue(s.median() > 0, w.label() + "/" + peer + ": " + s);
            }
        }
        assertTrue(plan.workloads().stream().anyMatch(w -> !w.operation().cPeers()), "the smoke plan has the container start");
        for (String file : List.of(ReportWriter.MARKDOWN, ReportWriter.CSV, ReportWriter.SVG)) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        long rows = Files.readAllLines(out.resolve(ReportWriter.CSV)).size() - 1;
        assertEquals(expected, rows);
        // nothing of the run is left in the kernel or mounted (the kit fails the class on leftovers too)
        assertTrue(io.jdm.ioctl.mount.Mounts.mounts().stream().noneMatch(m -> m.mountPoint().startsWith(work)),
                io.jdm.ioctl.mount.Mounts.mounts().toString());
        try (var dm = io.jdm.api.DeviceMapper.open()) {
            assertTrue(dm.list().stream().noneMatch(d -> d.name().value().startsWith("jdmb-")), dm.list().toString());
        }
    }
}
