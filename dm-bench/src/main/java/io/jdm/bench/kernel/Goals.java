package io.jdm.bench.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The targets for jdm, checked against one run's figures: at most 1.10x raw C on VERSION and
 * DEV_STATUS; at least 5x faster than libdevmapper on DEV_STATUS; at least 10x faster than dmsetup on
 * the lifecycle; thin snapshot and lifecycle throughput at least raw C's single-thread rate; the
 * container start through the volume set at least 10x faster than containerd's dmsetup flow, with its
 * dm part at most 1.2x raw C.
 */
public final class Goals {
    /** One target: what it asks, the figure it was checked with, and whether the run met it. */
    public record Verdict(String goal, String measured, Optional<Boolean> met) {
    }

    private Goals() {
    }

    public static List<Verdict> check(Report r, String jdm) {
        List<Verdict> out = new ArrayList<>();
        for (Operation op : List.of(Operation.VERSION, Operation.DEV_STATUS)) {
            Optional<Double> ratio = r.workload(op, 1).flatMap(w -> r.ratio(w, jdm));
            out.add(new Verdict("jdm <= 1.10x raw C on " + op.cName(),
                    ratio.map(x -> String.format("%.2fx raw C", x)).orElse("no figure"), ratio.map(x -> x <= 1.10)));
        }
        out.add(faster(r, jdm, "libdevmapper", Operation.DEV_STATUS, 5));
        out.add(faster(r, jdm, "dmsetup", Operation.LIFECYCLE, 10));
        for (Operation op : List.of(Operation.LIFECYCLE, Operation.THIN_LIFECYCLE, Operation.CREATE_SNAP)) {
            Optional<Stats> floor = r.workload(op, 1).flatMap(w -> r.stats(w, Report.BASELINE));
            for (Workload w : r.workloads()) {
                if (w.operation() != op) {
                    continue;
                }
                Optional<Stats> mine = r.stats(w, jdm);
                Optional<Double> rel = floor.isPresent() && mine.isPresent()
                        ? Optional.of(floor.get().median() / mine.get().median()) : Optional.empty();
                out.add(new Verdict("jdm " + w.label() + " throughput >= raw C single-thread " + op.cName(),
                        rel.map(x -> String.format("%.2fx raw C's single-thread rate", x)).orElse("no figure"),
                        rel.map(x -> x >= 1.0)));
            }
        }
        out.add(faster(r, jdm, "dmsetup", Operation.CONTAINER, 10));
        // what the goal above can be held against: how much faster the bare syscalls are than dmsetup's flow
        Verdict floor = faster(r, Report.BASELINE, "dmsetup", Operation.CONTAINER, 10);
        out.add(new Verdict("raw C (the floor) >= 10x faster than dmsetup on container: if not, no peer can be",
                floor.measured(), floor.met()));
        Optional<Double> dmPart = r.workload(Operation.CONTAINER_DM, 1).flatMap(w -> r.ratio(w, jdm));
        out.add(new Verdict("jdm <= 1.20x raw C on " + Operation.CONTAINER_DM.cName(),
                dmPart.map(x -> String.format("%.2fx raw C", x)).orElse("no figure"), dmPart.map(x -> x <= 1.20)));
        return out;
    }

    private static Verdict faster(Report r, String jdm, String other, Operation op, double times) {
        Optional<Workload> w = r.workload(op, 1);
        Optional<Stats> mine = w.flatMap(x -> r.stats(x, jdm));
        Optional<Stats> theirs = w.flatMap(x -> r.stats(x, other));
        Optional<Double> speedup = mine.isPresent() && theirs.isPresent()
                ? Optional.of(theirs.get().median() / mine.get().median()) : Optional.empty();
        return new Verdict(String.format("jdm >= %.0fx faster than %s on %s", times, other, op.cName()),
                speedup.map(x -> String.format("%.2fx faster", x)).orElse("no figure"), speedup.map(x -> x >= times));
    }
}
