package io.jdm.api;

/**
 * The device-mapper control commands, in the kernel's numbering ({@code DM_*_CMD} in dm-ioctl.h).
 * Exceptions name the command that failed with one of these.
 */
public enum Command {
    VERSION,
    REMOVE_ALL,
    LIST_DEVICES,
    DEV_CREATE,
    DEV_REMOVE,
    DEV_RENAME,
    DEV_SUSPEND,
    DEV_STATUS,
    DEV_WAIT,
    TABLE_LOAD,
    TABLE_CLEAR,
    TABLE_DEPS,
    TABLE_STATUS,
    LIST_VERSIONS,
    TARGET_MSG,
    DEV_SET_GEOMETRY,
    DEV_ARM_POLL,
    GET_TARGET_VERSION;

    /** The command number the kernel uses: the low byte of the request code. */
    public int number() {
        return ordinal();
    }

    /** The kernel's spelling, e.g. {@code DM_TABLE_LOAD}. */
    public String kernelName() {
        return "DM_" + name();
    }
}
