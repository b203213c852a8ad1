package io.jdm.cli;

import io.jdm.api.Command;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.Errno;
import io.jdm.api.KernelException;

/** libdm's wording for a refused ioctl, so that scripts matching dmsetup's stderr keep working. */
final class Failures {
    private Failures() {
    }

    /**
     * {@code device-mapper: <op> ioctl on <name> <uuid>[(<major>:<minor>)] failed: <strerror>}, with libdm's
     * name for the operation (which depends on the subcommand for the shared ioctls).
     */
    static String ioctl(KernelException e, String subcommand) {
        String name = "";
        String uuid = "";
        DeviceNumber number = null;
        DeviceRef ref = e.device().orElse(null);
        switch (ref) {
            case DeviceRef.ByName n -> name = n.name().value();
            case DeviceRef.ByUuid u -> uuid = u.uuid().value();
            case DeviceRef.ByNumber d -> number = d.number();
            case null -> { }
        }
        return ioctl(op(e.command(), subcommand), name, uuid, number, e.errno());
    }

    static String ioctl(String op, String name, String uuid, DeviceNumber number, int errno) {
        return "device-mapper: " + op + " ioctl on " + Shown.name(name) + " " + Shown.name(uuid)
                + (number == null ? "" : "(" + number.major() + ":" + number.minor() + ")")
                + " failed: " + strerror(errno);
    }

    static String strerror(int errno) {
        Errno e = Errno.of(errno);
        return e == null ? "Unknown error " + errno : e.description();
    }

    /** libdm's _cmd_data_v4 names. */
    static String op(Command command, String subcommand) {
        return switch (command) {
            case VERSION -> "version";
            case REMOVE_ALL -> "remove_all";
            case LIST_DEVICES -> "names";
            case DEV_CREATE -> "create";
            case DEV_REMOVE -> "remove";
            case DEV_RENAME -> "rename";
            case DEV_SUSPEND -> subcommand.equals("suspend") ? "suspend" : "resume";
            case DEV_STATUS -> subcommand.equals("mknodes") ? "mknodes" : "info";
            case DEV_WAIT -> "waitevent";
            case TABLE_LOAD -> "reload";
            case TABLE_CLEAR -> "clear";
            case TABLE_DEPS -> "deps";
            case TABLE_STATUS -> subcommand.equals("table") ? "table" : "status";
            case LIST_VERSIONS -> "versions";
            case TARGET_MSG -> "message";
            case DEV_SET_GEOMETRY -> "setgeometry";
            case DEV_ARM_POLL -> "armpoll";
            case GET_TARGET_VERSION -> "target-version";
        };
    }

    /**
     * libdm does not log ENXIO for info, status and mknodes (it clears its "exists" flag instead) and
     * dmsetup then says the device does not exist.
     */
    static boolean silentNoDevice(KernelException e, String subcommand) {
        return e.errno() == Errno.ENXIO.number()
                && (e.command() == Command.DEV_STATUS
                || (e.command() == Command.TABLE_STATUS && !subcommand.equals("table")));
    }
}
