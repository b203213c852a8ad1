package io.jdm.bench.monitor;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The autoextend benchmark's arithmetic and what its report says, on made-up figures. */
class AutoextendReportTest {
    private static final long MIB = 1 << 20;

    @Test
    void cpuOverAWindowIsScaledToAnHour() {
        IdleCost.Figures f = new IdleCost.Figures(100, Duration.ofSeconds(60), window(0, 0), window(0, 0), List.of(window(0, 0)));
        assertEquals(60.0, f.perHour(1_000_000_000L), 1e-9, "1 s in 60 s is 60 s in an hour");
        assertEquals(0.6, f.perHour(10_000_000L), 1e-9);
    }

    @Test
    void theReportGivesEachPeersMedianTheMonitorsShareAndTheIdleCost() {
        List<ReactionRun.Sample> samples = List.of(
                sample(Peer.JDM, 1, 1000, 30, 900), sample(Peer.JDM, 2, 3000, 50, 2800), sample(Peer.JDM, 3, 2000, 40, 1900),
                sample(Peer.DMEVENTD, 1, 100, 0, -1), sample(Peer.DMEVENTD, 2, 300, 0, -1),
                sample(Peer.JDM_LOOP, 1, 150, 40, 110));
        List<ReactionRun.Sample> warmups = List.of(sample(Peer.JDM, 0, 11_000, 90, 10_900));
        IdleCost.Figures idle = new IdleCost.Figures(100, Duration.ofSeconds(60), window(1_000_000_000L, 0),
                window(2_000_000_000L, 500_000_000L), List.of(window(9_000_000_000L, 4_000_000_000L),
                window(3_000_000_000L, 1_000_000_000L)));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("kernel", "6.1");
        AutoextendReport report = new AutoextendReport(env, samples, warmups, Optional.of(idle));

        assertEquals(2000, report.reaction(Peer.JDM).orElseThrow().median(), 1e-9);
        assertEquals(200, report.reaction(Peer.DMEVENTD).orElseThrow().median(), 1e-9);
        String md = report.markdown();
        assertTrue(md.contains("| jdm PoolMonitor + LvmGrower | 2.00 s | 1.50 s–2.50 s | 1.00 s | 3.00 s | 3 |"), md);
        assertTrue(md.contains("| dmeventd (LVM autoextend) | 200 ms |"), md);
        assertTrue(md.contains("| jdm PoolMonitor + LoopFileGrower (no LVM) | 150 ms |"), md);
        assertTrue(md.contains("ThresholdReached event (the kernel's event, the monitor's wake and status call) 40 ms;"
                + " the grow (PoolEvent.Extended.took: the grower, the reload, reading the table back) 1.90 s"), md);
        assertTrue(md.contains("Warm-up repetitions (not counted): jdm PoolMonitor + LvmGrower 11.00 s (grow 10.90 s)"), md);
        assertTrue(md.contains("| monitor, 100 pools, window 1 | 240.00 s/h | 540.00 s/h | 6 |"), md);
        assertTrue(md.contains("| monitor, 100 pools, window 2 | 60.00 s/h | 180.00 s/h | 6 |"), md);
        assertTrue(md.contains("last window: 60.00 s of CPU per hour (1.667% of one CPU); the process, over its baseline:"
                + " 120.00 s per hour"), md);

        List<String> csv = report.csv().lines().toList();
        assertEquals("peer,rep,warmup,reaction_ms,write_ms,from_bytes,to_bytes,jdm_detect_ms,jdm_grow_ms", csv.getFirst());
        assertEquals(1 + 7, csv.size(), "a row per repetition, warm-ups included");
        assertEquals("jdm,0,true,11000.000,20.000,33554432,41943040,90.000,10900.000", csv.get(1));
        assertTrue(csv.contains("dmeventd,1,false,100.000,20.000,33554432,41943040,,"), csv.toString());
    }

    private static IdleCost.Window window(long process, long thread) {
        return new IdleCost.Window(process, thread, 6);
    }

    private static ReactionRun.Sample sample(Peer peer, int rep, double reaction, double detect, double grow) {
        boolean jdm = peer != Peer.DMEVENTD;
        return new ReactionRun.Sample(peer, rep, reaction, 20, 32 * MIB, 40 * MIB,
                jdm ? OptionalDouble.of(detect) : OptionalDouble.empty(), jdm ? OptionalDouble.of(grow) : OptionalDouble.empty());
    }
}
