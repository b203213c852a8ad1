package io.jdm.ioctl.internal;

import io.jdm.api.Command;
import io.jdm.api.InterfaceVersion;

/**
 * The one table of how each command is sent: its request code, the oldest interface version that has
 * it (sent in the header, so an older kernel refuses it), whether a full reply buffer may be retried
 * with a larger one, and whether an interrupted call ({@code EINTR}) is simply made again: DEV_WAIT
 * waits again for the same event number, and an interrupted suspend or resume has left the device as
 * it was (the kernel puts a new table back as the inactive one).
 */
public enum CommandSpec {
    VERSION(Command.VERSION, 0, false, false),
    REMOVE_ALL(Command.REMOVE_ALL, 0, false, false),
    LIST_DEVICES(Command.LIST_DEVICES, 0, true, false),
    DEV_CREATE(Command.DEV_CREATE, 0, false, false),
    DEV_REMOVE(Command.DEV_REMOVE, 0, false, false),
    DEV_RENAME(Command.DEV_RENAME, 0, false, false),
    DEV_SUSPEND(Command.DEV_SUSPEND, 0, false, true),
    DEV_STATUS(Command.DEV_STATUS, 0, false, false),
    DEV_WAIT(Command.DEV_WAIT, 0, true, true),
    TABLE_LOAD(Command.TABLE_LOAD, 0, false, false),
    TABLE_CLEAR(Command.TABLE_CLEAR, 0, false, false),
    TABLE_DEPS(Command.TABLE_DEPS, 0, true, false),
    TABLE_STATUS(Command.TABLE_STATUS, 0, true, false),
    LIST_VERSIONS(Command.LIST_VERSIONS, 1, true, false),
    TARGET_MSG(Command.TARGET_MSG, 2, true, false),
    DEV_SET_GEOMETRY(Command.DEV_SET_GEOMETRY, 6, false, false),
    DEV_ARM_POLL(Command.DEV_ARM_POLL, 36, false, false),
    GET_TARGET_VERSION(Command.GET_TARGET_VERSION, 41, true, false);

    /** {@code _IOWR(0xfd, 0, struct dm_ioctl)}: read-write, size 312, type 0xfd; the command number is added. */
    private static final long REQUEST_BASE = (3L << 30) | ((long) DmStructs.IOCTL_SIZE << 16) | (0xfdL << 8);
    private static final CommandSpec[] BY_NUMBER = values();

    private final Command command;
    private final InterfaceVersion minimumVersion;
    private final boolean growsOnBufferFull;
    private final boolean restartsOnEintr;

    CommandSpec(Command command, int minimumMinor, boolean growsOnBufferFull, boolean restartsOnEintr) {
        this.command = command;
        this.minimumVersion = InterfaceVersion.of(4, minimumMinor, 0);
        this.growsOnBufferFull = growsOnBufferFull;
        this.restartsOnEintr = restartsOnEintr;
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

    /** True when {@code EINTR} means "make the same call again". */
    public boolean restartsOnEintr() {
        return restartsOnEintr;
    }

    /**
     * The command a request code asks for, as the kernel reads it (type byte 0xfd, then the number;
     * direction and size are ignored), or null when it is none of device-mapper's: for a simulated
     * kernel, which plays the other side of {@link #request()}.
     */
    public static CommandSpec ofRequest(long request) {
        int nr = (int) (request & 0xff);
        return ((request >>> 8) & 0xff) == 0xfd && nr < BY_NUMBER.length ? BY_NUMBER[nr] : null;
    }
}
