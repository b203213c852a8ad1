package io.jdm.bench.monitor;

/** Who grows the pool in a reaction-time repetition. */
enum Peer {
    /** jdm's {@link io.jdm.thin.monitor.PoolMonitor} in the benchmark's JVM, growing an LVM pool with {@code LvmGrower} (lvextend). */
    JDM("jdm PoolMonitor + LvmGrower", true),
    /** dmeventd's thin plugin, running LVM's {@code lvextend --use-policies} in-process (lvm.conf: 80% / 20%). */
    DMEVENTD("dmeventd (LVM autoextend)", true),
    /**
     * jdm's monitor on a pool of its own (no LVM) whose data device is a loop device over a file, grown by
     * {@code LoopFileGrower}: the monitor's reaction without a process to start.
     */
    JDM_LOOP("jdm PoolMonitor + LoopFileGrower (no LVM)", false);

    private final String label;
    private final boolean lvm;

    Peer(String label, boolean lvm) {
        this.label = label;
        this.lvm = lvm;
    }

    String label() {
        return label;
    }

    /** Whether the pool is LVM's. */
    boolean lvm() {
        return lvm;
    }
}
