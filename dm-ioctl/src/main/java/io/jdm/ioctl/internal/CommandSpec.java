package io.jdm.ioctl.internal;

import io.jdm.api.Command;
import io.jdm.api.InterfaceVersion;

/**
 * The one table of how each command is sent: its request code, the oldest interface version that has
 * it (sent in the header, so an older kernel refuses it), whether a full reply buffer may be retried
 * with a larger one, and whether the command reads a data area at all.
 */
public enum CommandSpec {
    VERSION(Command.VERSION, 0, false, false),
    REMOVE_ALL(Command.REMOVE_ALL, 0, false, false),
    LIST_DEVICES(Command.LIST_DEVICES, 0, true, true),
    DEV_CREATE(Command.DEV_CREATE, 0, false, false),
    DEV_REMOVE(Command.DEV_REMOVE, 0, false, false),
    DEV_RENAME(Command.DEV_RENAME, 0, false, true),
    DEV_SUSPEND(Command.DEV_SUSPEND, 0, false, false),
    DEV_STATUS(Command.DEV_STATUS, 0, false, false),
    DEV_WAIT(Command.DEV_WAIT, 0, true, true),
    TABLE_LOAD(Command.TABLE_LOAD, 0, false, true),
    TABLE_CLEAR(Command.TABLE_CLEAR, 0, false, false),
    TABLE_DEPS(Command.TABLE_DEPS, 0, true, true),
    TABLE_STATUS(Command.TABLE_STATUS, 0, true, true),
    LIST_VERSIONS(Command.LIST_VERSIONS, 1, true, true),
    TARGET_MSG(Command.TARGET_MSG, 2, true, true),
    DEV_SET_GEOMETRY(Command.DEV_SET_GEOMETRY, 6, false, true),
    DEV_ARM_POLL(Command.DEV_ARM_POLL, 36, false, false),
    GET_TARGET_VERSION(Command.GET_TARGET_VERSION, 41, true, true);

    /** {@code _IOWR(0xfd, 0, struct dm_ioctl)}: read-write, size 312, type 0xfd; the command number is added. */
    private static final long REQUEST_BASE = (3L << 30) | ((long) DmStructs.IOCTL_SIZE << 16) | (0xfdL << 8);

    private final Command command;
    private final InterfaceVersion minimumVersion;
    private final boolean growsOnBufferFull;
    private final boolean hasData;

    CommandSpec(Command command, int minimumMinor, boolean growsOnBufferFull, boolean hasData) {
        this.command = command;
        this.minimumVersion = InterfaceVersion.of(4, minimumMinor, 0);
        this.growsOnBufferFull = growsOnBufferFull;
        this.hasData = hasData;
    }

    public Command command() {
        return command;
    }

    public long request() {
        return REQUEST_BASE | command.number();
    }

    public InterfaceVersion minimumVersion() {
        return minimumVersion;
    }

    /** True when a {@code DM_BUFFER_FULL_FLAG} reply means "ask again with a bigger buffer". */
    public boolean growsOnBufferFull() {
        return growsOnBufferFull;
    }

    /** False for the commands the kernel reads only the 305-byte header of. */
    public boolean hasData() {
        return hasData;
    }

    public static CommandSpec of(Command command) {
        return values()[command.ordinal()];
    }
}
