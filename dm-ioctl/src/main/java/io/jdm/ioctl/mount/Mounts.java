package io.jdm.ioctl.mount;

import io.jdm.api.DeviceNumber;
import io.jdm.api.InvalidInputException;
import io.jdm.ioctl.internal.DeviceNodes;
import io.jdm.ioctl.internal.LibC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * mount(2) and umount2(2), with the checks the kernel's ambiguous errnos would otherwise stand for
 * (a missing target or source is ENOENT either way), and where filesystems are mounted, from
 * {@code /proc/self/mountinfo}.
 */
public final class Mounts {
    /** umount2: force an unmount, even if busy (only some network filesystems honour it). */
    public static final int MNT_FORCE = 1;
    /** umount2: detach the mount now; the filesystem goes when its last user (an open file, a cwd) does. */
    public static final int MNT_DETACH = 2;
    /** umount2: mark the mount expired, unmount it if already so marked and unused. */
    public static final int MNT_EXPIRE = 4;
    /** umount2: do not follow a symbolic link at the target. */
    public static final int UMOUNT_NOFOLLOW = 8;
    private static final int UNMOUNT_FLAGS = MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW;

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private Mounts() {
    }

    /**
     * Mounts {@code source} on the directory {@code target} as {@code fsType}.
     *
     * @param source the device (or, for filesystems without one, any name); {@code null} for none
     * @param flags  mount(2)'s {@code mountflags}, e.g. {@link MountFlag#bit()}s OR-ed together
     * @param data   the filesystem's options, e.g. {@code "discard"}; {@code null} or {@code ""} for none
     * @throws InvalidInputException before the call: the target is missing or not a directory, an absolute
     *         source is missing, the type is empty, a string holds a NUL
     * @throws MountException when the kernel refuses
     */
    public static void mount(Path source, Path target, String fsType, long flags, String data) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(fsType, "fsType");
        requireDirectory(target, "mount target");
        if (source != null && source.isAbsolute() && !Files.exists(source)) {
            throw new InvalidInputException("mount source " + source + " does not exist");
        }
        if (fsType.isEmpty() || fsType.indexOf('\0') >= 0 || fsType.indexOf(' ') >= 0) {
            throw new InvalidInputException("not a filesystem type: '" + fsType.replace("\0", "\\0") + "'");
        }
        requireNoNul(source == null ? null : source.toString(), "mount source");
        requireNoNul(target.toString(), "mount target");
        requireNoNul(data, "mount data");
        String d = data == null || data.isEmpty() ? null : data;
        int r = LibC.mount(source == null ? null : source.toString(), target.toString(), fsType, flags, d);
        if (r < 0) {
            throw MountException.mount(source, target, fsType, flags, data, -r);
        }
    }

    /**
     * Mounts with options as {@link MountOptions#parse} made them, e.g. from {@code "ro,noatime,discard"}.
     *
     * @throws InvalidInputException before the call, as {@link #mount(Path, Path, String, long, String)}
     * @throws MountException when the kernel refuses
     */
    public static void mount(Path source, Path target, String fsType, MountOptions options) {
        Objects.requireNonNull(options, "options");
        mount(source, target, fsType, options.flagBits(), options.data());
    }

    /**
     * Unmounts the filesystem mounted at {@code target}.
     *
     * @param flags 0, or {@link #MNT_DETACH}, {@link #MNT_FORCE}, {@link #MNT_EXPIRE}, {@link #UMOUNT_NOFOLLOW}
     *              OR-ed together
     * @throws InvalidInputException before the call: unknown flags, a target that does not exist
     * @throws MountException when the kernel refuses ({@link MountException#isBusy()} when it is in use)
     */
    public static void unmount(Path target, int flags) {
        Objects.requireNonNull(target, "target");
        if ((flags & ~UNMOUNT_FLAGS) != 0) {
            throw new InvalidInputException("umount2 flags 0x" + Integer.toHexString(flags) + " of " + target
                    + " include unknown bits 0x" + Integer.toHexString(flags & ~UNMOUNT_FLAGS));
        }
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidInputException("unmount target " + target + " does not exist");
        }
        requireNoNul(target.toString(), "unmount target");
        int r = LibC.umount2(target.toString(), flags);
        if (r < 0) {
            throw MountException.umount(target, flags, -r);
        }
    }

    /** Every mount this process sees, in {@code /proc/self/mountinfo}'s order (parents before children). */
    public static List<MountEntry> mounts() {
        try {
            return MountInfo.parse(Files.readAllBytes(MOUNTINFO));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + MOUNTINFO, e);
        }
    }

    /**
     * Where the block device {@code device} (a node such as {@code /dev/mapper/vol}, links followed) is
     * mounted: the mounts whose filesystem's device number is the node's, so a mount made through another
     * path to the same device counts too. Empty when it is mounted nowhere.
     *
     * @throws InvalidInputException when {@code device} is not a block device
     */
    public static List<MountEntry> mountsOf(Path device) {
        Objects.requireNonNull(device, "device");
        DeviceNumber number = DeviceNodes.rdev(realPath(device, "device"));
        if (number == null) {
            throw new InvalidInputException(device + " is not a block device");
        }
        return mountsOf(number);
    }

    /** The mounts of the filesystem on the device {@code number}. */
    public static List<MountEntry> mountsOf(DeviceNumber number) {
        Objects.requireNonNull(number, "number");
        return mounts().stream().filter(m -> m.device().equals(number)).toList();
    }

    /**
     * The mount at the directory {@code dir} (links followed), the topmost when several are stacked there;
     * empty when it is not a mount point.
     */
    public static Optional<MountEntry> mountAt(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path real = realPath(dir, "directory");
        List<MountEntry> at = mounts().stream().filter(m -> m.mountPoint().equals(real)).toList();
        return at.isEmpty() ? Optional.empty() : Optional.of(at.getLast());
    }

    /** Something is mounted at the directory {@code dir} (links followed). */
    public static boolean isMountPoint(Path dir) {
        return mountAt(dir).isPresent();
    }

    static String describeUnmountFlags(int flags) {
        StringBuilder sb = new StringBuilder();
        String[] names = {"MNT_FORCE", "MNT_DETACH", "MNT_EXPIRE", "UMOUNT_NOFOLLOW"};
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(names[i]);
            }
        }
        return sb.isEmpty() ? "none" : sb.toString();
    }

    private static void requireDirectory(Path dir, String what) {
        if (!Files.exists(dir)) {
            throw new InvalidInputException(what + " " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException(what + " " + dir + " is not a directory");
        }
    }

    private static Path realPath(Path p, String what) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            throw new InvalidInputException(what + " " + p + " cannot be resolved: " + e.getMessage());
        }
    }

    private static void requireNoNul(String s, String what) {
        if (s != null && s.indexOf('\0') >= 0) {
            throw new InvalidInputException(what + " contains a NUL character: '" + s.replace("\0", "\\0") + "'");
        }
    }
}
