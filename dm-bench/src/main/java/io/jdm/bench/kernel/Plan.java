package io.jdm.bench.kernel;

import java.time.Duration;
import java.util.List;

/**
 * How much of each workload a run does. The full plan gives medians with a spread worth reading; the
 * smoke plan only proves that every peer can do every workload (its figures mean little).
 *
 * @param warmup       repetitions done first and not reported (caches for all, JIT for jdm)
 * @param reps         reported repetitions per peer and workload
 * @param dmsetupReps  the same for dmsetup, whose slow runs would otherwise dominate the run time
 * @param jdmWarmup    jdm keeps doing warm-up repetitions of each workload for at least this long, so
 *                     that its figures are of compiled code (C2 is slow to arrive under emulation)
 * @param listDevices  devices present while LIST_DEVICES is measured
 * @param chainDepth   layers of the snapshot chain
 */
public record Plan(String name, int warmup, int reps, int dmsetupReps, Duration jdmWarmup, int listDevices,
                   int chainDepth, List<Workload> workloads) {

    public Plan {
        workloads = List.copyOf(workloads);
    }

    public static Plan full() {
        return new Plan("full", 2, 9, 5, Duration.ofSeconds(15), 1000, 200, List.of(
                new Workload(Operation.VERSION, 1, 2000, 20),
                new Workload(Operation.DEV_STATUS, 1, 2000, 20),
                new Workload(Operation.POOL_STATUS, 1, 300, 20),
                new Workload(Operation.LIST_DEVICES, 1, 100, 10),
                new Workload(Operation.LIFECYCLE, 1, 30, 10),
                new Workload(Operation.THIN_LIFECYCLE, 1, 20, 5),
                new Workload(Operation.CREATE_SNAP, 1, 50, 10),
                new Workload(Operation.SNAPSHOT_CHAIN, 1, 1, 1, 3),
                new Workload(Operation.LIFECYCLE, 2, 15, 5),
                new Workload(Operation.LIFECYCLE, 4, 8, 3),
                new Workload(Operation.CREATE_SNAP, 2, 25, 5),
                new Workload(Operation.CREATE_SNAP, 4, 13, 3),
                new Workload(Operation.CONTAINER_DM, 1, 20, 5),
                new Workload(Operation.CONTAINER, 1, 10, 3)));
    }

    /** A few of everything, in well under a minute under emulation. */
    public static Plan smoke() {
        return new Plan("smoke", 1, 2, 1, Duration.ZERO, 50, 3, List.of(
                new Workload(Operation.VERSION, 1, 20, 2),
                new Workload(Operation.DEV_STATUS, 1, 20, 2),
                new Workload(Operation.POOL_STATUS, 1, 10, 2),
                new Workload(Operation.LIST_DEVICES, 1, 5, 1),
                new Workload(Operation.LIFECYCLE, 1, 3, 1),
                new Workload(Operation.THIN_LIFECYCLE, 1, 2, 1),
                new Workload(Operation.CREATE_SNAP, 1, 3, 1),
                new Workload(Operation.SNAPSHOT_CHAIN, 1, 1, 1),
                new Workload(Operation.LIFECYCLE, 2, 2, 1),
                new Workload(Operation.CREATE_SNAP, 2, 2, 1),
                new Workload(Operation.CONTAINER_DM, 1, 2, 1),
                new Workload(Operation.CONTAINER, 1, 2, 1)));
    }

    /**
     * This plan with only the workloads {@code selected} names, each by its label ({@code "lifecycle x4"})
     * or by its operation ({@code "lifecycle"}: every worker count), in the plan's order.
     *
     * @throws IllegalArgumentException a name that matches no workload of the plan
     */
    public Plan only(List<String> selected) {
        for (String s : selected) {
            if (workloads.stream().noneMatch(w -> matches(w, s))) {
                throw new IllegalArgumentException("no workload '" + s + "' in the " + name + " plan; it has "
                        + workloads.stream().map(Workload::label).toList());
            }
        }
        List<Workload> kept = workloads.stream().filter(w -> selected.stream().anyMatch(s -> matches(w, s))).toList();
        return new Plan(name + " (only " + String.join(", ", selected) + ")", warmup, reps, dmsetupReps, jdmWarmup,
                listDevices, chainDepth, kept);
    }

    private static boolean matches(Workload w, String name) {
        return w.label().equals(name) || w.operation().cName().equals(name);
    }

    /** Reported repetitions of {@code w} for a peer that runs a process per operation or not. */
    public int repsFor(Workload w, boolean processPerOperation) {
        return w.reps(processPerOperation ? dmsetupReps : reps);
    }

    public int warmupFor(boolean processPerOperation) {
        // one warm-up run is enough for a tool that starts cold every time anyway
        return processPerOperation ? Math.min(warmup, 1) : warmup;
    }
}
