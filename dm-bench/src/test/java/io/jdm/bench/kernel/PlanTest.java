package io.jdm.bench.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlanTest {
    @Test
    void onlyKeepsWorkloadsByOperationOrLabelInPlanOrder() {
        Plan full = Plan.full();
        Plan kept = full.only(List.of("container", "lifecycle x4", "container-dm"));
        assertEquals(List.of("lifecycle x4", "container-dm", "container"), kept.workloads().stream().map(Workload::label).toList());
        // an operation's name takes every worker count
        assertEquals(List.of("lifecycle", "lifecycle x2", "lifecycle x4"),
                full.only(List.of("lifecycle")).workloads().stream().map(Workload::label).toList());
        assertEquals(full.reps(), kept.reps());
        assertTrue(kept.name().startsWith("full"), kept.name());
    }

    @Test
    void onlyRefusesANameThePlanLacks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Plan.full().only(List.of("contianer")));
        assertTrue(e.getMessage().contains("contianer"), e.getMessage());
    }

    @Test
    void onlyRawCOfTheCPeersDoesTheWholeContainerStart() {
        Workload start = new Workload(Operation.CONTAINER, 1, 1, 1);
        Workload dmPart = new Workload(Operation.CONTAINER_DM, 1, 1, 1);
        assertTrue(Report.expects(start, Report.BASELINE), "the floor of the flow: mount(2) as a bare syscall");
        assertFalse(Report.expects(start, "libdevmapper"));
        assertTrue(Report.expects(start, "dmsetup"));
        assertTrue(Report.expects(start, "jdm"));
        assertTrue(Report.expects(dmPart, Report.BASELINE));
        assertTrue(Report.expects(dmPart, "libdevmapper"));
    }
}
