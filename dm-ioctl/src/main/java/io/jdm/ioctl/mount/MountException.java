package io.jdm.ioctl.mount;

import io.jdm.api.Errno;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The kernel refused a mount(2) or umount2(2): the call, what it was about (source, target, filesystem
 * type, flags, data) and the errno, with what it usually means for that call.
 */
public final class MountException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final transient Path source;
    private final transient Path target;
    private final String fsType;
    private final int errno;

    private MountException(String call, Path source, Path target, String fsType, int errno, String message) {
        super(message);
        this.call = call;
        this.source = source;
        this.target = target;
        this.fsType = fsType;
        this.errno = errno;
    }

    static MountException mount(Path source, Path target, String fsType, long flags, String data, int errno) {
        StringBuilder sb = new StringBuilder("mount ").append(source == null ? "(none)" : source)
                .append(" on ").append(target).append(" type ").append(fsType == null ? "(none)" : fsType)
                .append(" (flags ").append(describeFlags(flags));
        if (data != null && !data.isEmpty()) {
            sb.append(", data '").append(data).append('\'');
        }
        sb.append(") failed: ").append(Errno.describe(errno));
        Errno e = Errno.of(errno);
        String hint = e == null ? null : switch (e) {
            case EBUSY -> "the source is already mounted or held (a device-mapper table, an exclusive opener), "
                    + "or the target is busy";
            case ENODEV -> "the kernel knows no filesystem type '" + fsType + "' (module not loaded?)";
            case EINVAL -> "wrong filesystem type, an option the filesystem refuses, or a bad superblock "
                    + "(the kernel log says which)";
            case ENOTBLK -> "the source is not a block device";
            case ENXIO -> "the source's device does not exist";
            case EROFS -> "the device is read-only: mount it with ro";
            case EUCLEAN -> "the filesystem is corrupt: check it (fsck)";
            case EPERM, EACCES -> "mounting needs root (CAP_SYS_ADMIN)";
            default -> null;
        };
        if (hint != null) {
            sb.append("; ").append(hint);
        }
        return new MountException("mount", source, target, fsType, errno, sb.toString());
    }

    static MountException umount(Path target, int flags, int errno) {
        StringBuilder sb = new StringBuilder("umount2 ").append(target).append(" (flags ")
                .append(Mounts.describeUnmountFlags(flags)).append(") failed: ").append(Errno.describe(errno));
        Errno e = Errno.of(errno);
        String hint = e == null ? null : switch (e) {
            case EBUSY -> "a process has a file open there, or its working directory; "
                    + "Mounts.MNT_DETACH detaches it now and frees it when the last user goes";
            case EINVAL -> "not a mount point";
            case EPERM, EACCES -> "unmounting needs root (CAP_SYS_ADMIN)";
            default -> null;
        };
        if (hint != null) {
            sb.append("; ").append(hint);
        }
        return new MountException("umount2", null, target, null, errno, sb.toString());
    }

    private static String describeFlags(long flags) {
        StringBuilder sb = new StringBuilder();
        long rest = flags;
        for (MountFlag f : MountFlag.values()) {
            if ((flags & f.bit()) != 0) {
                sb.append(sb.isEmpty() ? "" : ",").append(f.option());
                rest &= ~f.bit();
            }
        }
        if (rest != 0) {
            sb.append(sb.isEmpty() ? "" : ",").append("0x").append(Long.toHexString(rest));
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }

    /** The call refused: {@code "mount"} or {@code "umount2"}. */
    public String call() {
        return call;
    }

    /** What was to be mounted; empty for umount2 or a mount with no source. */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /** The mount point. */
    public Path target() {
        return target;
    }

    /** The filesystem type asked for; empty for umount2. */
    public Optional<String> fsType() {
        return Optional.ofNullable(fsType);
    }

    /** The kernel's errno. */
    public int errno() {
        return errno;
    }

    /** The errno's C name ({@code "EBUSY"}), or {@code "errno N"} for one {@link Errno} does not name. */
    public String errnoName() {
        Errno e = Errno.of(errno);
        return e == null ? "errno " + errno : e.name();
    }

    /** EBUSY: the source is mounted or held already (mount), or something uses the filesystem (umount2). */
    public boolean isBusy() {
        return errno == Errno.EBUSY.number();
    }

    /** EPERM or EACCES: the caller may not mount. */
    public boolean isPermissionDenied() {
        return errno == Errno.EPERM.number() || errno == Errno.EACCES.number();
    }
}
