package io.jdm.bench.kernel;

/**
 * What the kernel benchmark measures, in order of importance. {@link #cName()} is the op as the C
 * peers' command line spells it; one "operation" is what a figure is per (a chain is one operation).
 */
public enum Operation {
    VERSION("version", "DM_VERSION"),
    DEV_STATUS("info", "DM_DEV_STATUS (info) of a device"),
    POOL_STATUS("status", "DM_TABLE_STATUS of a thin pool"),
    LIST_DEVICES("list", "DM_LIST_DEVICES with 1,000 devices"),
    LIFECYCLE("lifecycle", "create+load+resume+remove of a zero device"),
    THIN_LIFECYCLE("thin", "thin lifecycle: create_thin, activate, remove, delete"),
    CREATE_SNAP("snap", "create_snap of an inactive thin"),
    SNAPSHOT_CHAIN("chain", "snapshot chain built (each layer activated and removed) and deleted"),
    CONTAINER_DM("container-dm", "the dm part of a container start: create_snap of an inactive thin, activate, remove, delete"),
    CONTAINER("container", "container start: snapshot an ext4 base volume, activate, mount, unmount, deactivate, remove"
            + " (jdm: VolumeSet; dmsetup: the dmsetup, mount and umount binaries, as containerd's devmapper snapshotter;"
            + " raw C: the bare ioctls, mknod, mount(2) and umount2(2), the floor of any implementation)", false);

    private final String cName;
    private final String description;
    private final boolean cPeers;

    Operation(String cName, String description) {
        this(cName, description, true);
    }

    Operation(String cName, String description, boolean cPeers) {
        this.cName = cName;
        this.description = description;
        this.cPeers = cPeers;
    }

    /**
     * Whether both C peers do this operation. Only raw C does the container start (its mounts as bare
     * syscalls, the floor of the flow); libdevmapper has nothing to offer for a mount.
     */
    public boolean cPeers() {
        return cPeers;
    }

    /** Whether raw C, the baseline, does this operation. */
    public boolean rawC() {
        return cPeers || this == CONTAINER;
    }

    public String cName() {
        return cName;
    }

    public String description() {
        return description;
    }
}
