package io.jdm.bench.kernel;

import java.util.List;

/** One way of doing the operations: raw C, libdevmapper, dmsetup, jdm. */
public interface Peer {
    /** Short name for the report ("raw-c", "libdevmapper", "dmsetup", "jdm"). */
    String name();

    /** Whether this peer runs a process per operation (it then gets the smaller dmsetup counts). */
    default boolean processPerOperation() {
        return false;
    }

    /**
     * Does {@code warmup} unreported and then {@code reps} reported repetitions of the workload and
     * returns, per reported repetition, the wall time divided by the operations done (ns/op).
     */
    List<Double> measure(Workload workload, int warmup, int reps, Fixture fixture) throws Exception;
}
