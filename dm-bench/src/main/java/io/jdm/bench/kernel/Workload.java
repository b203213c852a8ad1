package io.jdm.bench.kernel;

/**
 * One row of the report: an operation, done by {@code threads} workers at once.
 *
 * @param iterations        operations per worker per repetition for the in-process peers (C, jdm)
 * @param dmsetupIterations the same for dmsetup, whose operations cost a process each (or several)
 * @param maxReps           at most this many reported repetitions for any peer, for workloads whose
 *                          single repetition takes long (the snapshot chain); 0 = as the plan says
 */
public record Workload(Operation operation, int threads, int iterations, int dmsetupIterations, int maxReps) {
    public Workload {
        if (threads < 1 || iterations < 1 || dmsetupIterations < 1 || maxReps < 0) {
            throw new IllegalArgumentException("threads and iterations must be positive: " + threads + ", "
                    + iterations + ", " + dmsetupIterations + ", " + maxReps);
        }
    }

    public Workload(Operation operation, int threads, int iterations, int dmsetupIterations) {
        this(operation, threads, iterations, dmsetupIterations, 0);
    }

    /** The row's label, e.g. {@code "lifecycle x4"} for four workers; one worker is just the op. */
    public String label() {
        return operation.cName() + (threads > 1 ? " x" + threads : "");
    }

    /** {@code planned} reported repetitions, capped by {@link #maxReps()}. */
    public int reps(int planned) {
        return maxReps == 0 ? planned : Math.min(planned, maxReps);
    }
}
