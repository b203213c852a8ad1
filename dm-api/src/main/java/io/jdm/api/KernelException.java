package io.jdm.api;

import java.util.Optional;

/**
 * The kernel refused a command. Keeps what a person needs to act on it: the command, the device it
 * was about, the errno, and for the commands whose EINVAL says nothing more (table loads, messages,
 * renames, geometry) the text that was sent.
 */
public sealed class KernelException extends DeviceMapperException
        permits NoSuchDeviceException, DeviceBusyException, DeviceExistsException,
                InvalidArgumentException, PermissionDeniedException {

    private final Command command;
    private final DeviceRef device;
    private final int errno;
    private final String sent;

    public KernelException(Command command, DeviceRef device, int errno, String sent) {
        super(describe(command, device, errno, sent));
        this.command = command;
        this.device = device;
        this.errno = errno;
        this.sent = sent;
    }

    /** Picks the subclass that fits the errno (and, for EBUSY, the command). */
    public static KernelException of(Command command, DeviceRef device, int errno, String sent) {
        Errno e = Errno.of(errno);
        if (e == null) {
            return new KernelException(command, device, errno, sent);
        }
        return switch (e) {
            // create answers ENXIO when it cannot make the device: a persistent minor in use, or none free
            case ENXIO -> command == Command.DEV_CREATE
                    ? new DeviceExistsException(command, device, errno, sent)
                    : new NoSuchDeviceException(command, device, errno, sent);
            // create and rename answer EBUSY when the name or uuid is already taken
            case EBUSY -> command == Command.DEV_CREATE || command == Command.DEV_RENAME
                    ? new DeviceExistsException(command, device, errno, sent)
                    : new DeviceBusyException(command, device, errno, sent);
            case EEXIST -> new DeviceExistsException(command, device, errno, sent);
            case EINVAL -> new InvalidArgumentException(command, device, errno, sent);
            case EACCES, EPERM -> new PermissionDeniedException(command, device, errno, sent);
            default -> new KernelException(command, device, errno, sent);
        };
    }

    private static String describe(Command command, DeviceRef device, int errno, String sent) {
        StringBuilder sb = new StringBuilder(command.kernelName());
        if (device != null) {
            sb.append(" on ").append(device);
        }
        sb.append(" failed: ").append(Errno.describe(errno));
        if (errno == Errno.EACCES.number() || errno == Errno.EPERM.number()) {
            sb.append("; device-mapper needs CAP_SYS_ADMIN (run as root)");
        }
        if (errno == Errno.ENXIO.number() && command == Command.DEV_CREATE) {
            sb.append("; the kernel could not make the device: the minor asked for is taken, or no minor is free");
        }
        if (errno == Errno.EINVAL.number() && command == Command.TARGET_MSG) {
            sb.append("; the target does not take this message, the sector is outside the device, or the device has no live table");
        }
        if (sent != null && !sent.isEmpty()) {
            sb.append("; sent: ").append(sent);
        }
        return sb.toString();
    }

    public Command command() {
        return command;
    }

    /** The device the command was about, if it was about one. */
    public Optional<DeviceRef> device() {
        return Optional.ofNullable(device);
    }

    public int errno() {
        return errno;
    }

    /** The errno's C name, e.g. {@code "EBUSY"}, or {@code "errno N"} for one we do not name. */
    public String errnoName() {
        Errno e = Errno.of(errno);
        return e == null ? "errno " + errno : e.name();
    }

    /** What was sent, for commands where the kernel's answer does not say what was wrong with it. */
    public Optional<String> sent() {
        return Optional.ofNullable(sent);
    }
}
