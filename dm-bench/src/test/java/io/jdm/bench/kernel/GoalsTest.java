package io.jdm.bench.kernel;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GoalsTest {
    private static Goals.Verdict find(List<Goals.Verdict> vs, String goal) {
        return vs.stream().filter(v -> v.goal().equals(goal)).findFirst().orElseThrow(() -> new AssertionError(goal + " in " + vs));
    }

    @Test
    void sampleRunMeetsTheRatioGoalsAndMissesNone() {
        List<Goals.Verdict> vs = Goals.check(ReportWriterTest.sample(), "jdm");
        assertEquals(Optional.of(true), find(vs, "jdm <= 1.10x raw C on info").met());
        assertEquals(Optional.of(true), find(vs, "jdm <= 1.10x raw C on version").met());
        assertEquals(Optional.of(true), find(vs, "jdm >= 10x faster than dmsetup on lifecycle").met());
        // 4 workers at 525 ns/op against raw C's single-thread 1000 ns/op: 1.90x the rate
        Goals.Verdict x4 = find(vs, "jdm lifecycle x4 throughput >= raw C single-thread lifecycle");
        assertEquals(Optional.of(true), x4.met());
        assertEquals("1.90x raw C's single-thread rate", x4.measured());
    }

    @Test
    void slowJdmMissesAndAMissingPeerIsNotApplicable() {
        Workload info = ReportWriterTest.INFO;
        Map<Workload, Map<String, Stats>> figures = new LinkedHashMap<>();
        figures.put(info, Map.of("raw-c", Stats.of(List.of(100.0)), "jdm", Stats.of(List.of(120.0))));
        Report r = new Report(Map.of(), List.of(info), ReportWriterTest.PEERS, figures, List.of());
        List<Goals.Verdict> vs = Goals.check(r, "jdm");
        assertEquals(Optional.of(false), find(vs, "jdm <= 1.10x raw C on info").met());
        assertEquals("1.20x raw C", find(vs, "jdm <= 1.10x raw C on info").measured());
        assertEquals(Optional.empty(), find(vs, "jdm >= 5x faster than libdevmapper on info").met());
    }

    @Test
    void containerStartIsJudgedAgainstDmsetupAndItsDmPartAgainstRawC() {
        Workload start = new Workload(Operation.CONTAINER, 1, 10, 3);
        Workload dmPart = new Workload(Operation.CONTAINER_DM, 1, 20, 5);
        Map<Workload, Map<String, Stats>> figures = new LinkedHashMap<>();
        // libdevmapper does no mounts: the container start has figures of raw C, dmsetup and jdm
        figures.put(start, Map.of("raw-c", Stats.of(List.of(400.0)), "dmsetup", Stats.of(List.of(2000.0)),
                "jdm", Stats.of(List.of(250.0))));
        figures.put(dmPart, Map.of("raw-c", Stats.of(List.of(100.0)), "libdevmapper", Stats.of(List.of(110.0)),
                "dmsetup", Stats.of(List.of(900.0)), "jdm", Stats.of(List.of(125.0))));
        Report r = new Report(Map.of(), List.of(dmPart, start), ReportWriterTest.PEERS, figures, List.of());
        List<Goals.Verdict> vs = Goals.check(r, "jdm");
        Goals.Verdict faster = find(vs, "jdm >= 10x faster than dmsetup on container");
        assertEquals("8.00x faster", faster.measured());
        assertEquals(Optional.of(false), faster.met());
        Goals.Verdict floor = find(vs, "jdm <= 1.20x raw C on container-dm");
        assertEquals("1.25x raw C", floor.measured());
        assertEquals(Optional.of(false), floor.met());
        Goals.Verdict ceiling = find(vs, "raw C (the floor) >= 10x faster than dmsetup on container: if not, no peer can be");
        assertEquals("5.00x faster", ceiling.measured());
        assertEquals(Optional.of(false), ceiling.met());
        assertEquals(List.of(), r.missing());
    }
}
