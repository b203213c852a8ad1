package io.jdm.thin.fs;

import io.jdm.api.InvalidInputException;
import io.jdm.ioctl.mount.MountEntry;
import io.jdm.ioctl.mount.Mounts;
import io.jdm.thin.internal.ExternalProgram;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Makes filesystems with the distribution's mkfs programs and reads back what a device holds from its
 * superblock, in Java (no blkid).
 */
public final class Filesystems {
    /** How long {@link #make(Path, FilesystemType)} lets mkfs run. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** Where mkfs programs live besides {@code PATH}: a non-root user's PATH often lacks the sbin directories. */
    private static final List<Path> SBIN = List.of(Path.of("/usr/sbin"), Path.of("/sbin"));
    private static final int PROBE_BYTES = 4096;

    // ext2/3/4: the superblock is 1024 bytes into the device, little-endian
    private static final int EXT_SUPERBLOCK = 1024;
    private static final int EXT_MAGIC = 0xEF53;
    private static final int EXT_MAGIC_OFFSET = EXT_SUPERBLOCK + 0x38;
    private static final int EXT_INCOMPAT_OFFSET = EXT_SUPERBLOCK + 0x60;
    private static final int EXT_INCOMPAT_JOURNAL_DEV = 0x8;
    private static final int EXT_UUID_OFFSET = EXT_SUPERBLOCK + 0x68;
    // xfs: the superblock is at 0, big-endian
    private static final int XFS_MAGIC = 0x58465342; // "XFSB"
    private static final int XFS_BLOCKSIZE_OFFSET = 4;
    private static final int XFS_UUID_OFFSET = 32;

    private Filesystems() {
    }

    /**
     * Makes a {@code type} filesystem on {@code device}, waiting at most {@link #DEFAULT_TIMEOUT}.
     *
     * @return the new filesystem's UUID, read back from its superblock
     * @see #make(Path, FilesystemType, Duration)
     */
    public static UUID make(Path device, FilesystemType type) {
        return make(device, type, DEFAULT_TIMEOUT);
    }

    /**
     * Makes a {@code type} filesystem on {@code device} (a block device, or an image file), overwriting
     * whatever it held, without asking, in as little time and as few written blocks as the program allows:
     * <ul>
     *   <li>ext4: {@code mkfs.ext4 -F -q -E assume_storage_prezeroed=1}. mke2fs first discards the device
     *       (on a thin volume this unmaps its blocks, which then read as zeros; on a fresh one there is
     *       nothing to unmap), then, told that the storage is zeroed, neither writes the inode tables nor
     *       leaves the kernel's lazyinit thread writing them after the first mount: the filesystem allocates
     *       only the pool blocks its metadata really uses. Needs e2fsprogs 1.47 or later. The device must
     *       read as zeros after a discard (thin volumes and loop devices do).</li>
     *   <li>xfs: {@code mkfs.xfs -f -q -K}: no discard (xfs writes no inode tables ahead, so there is
     *       nothing to spare).</li>
     * </ul>
     *
     * @return the new filesystem's UUID, read back from its superblock
     * @throws InvalidInputException  when {@code device} does not exist or is neither a block device nor a
     *                                regular file, or the timeout is not positive
     * @throws FilesystemException    {@link FilesystemException.Kind#PROGRAM_MISSING} naming the program and
     *                                its package, {@link FilesystemException.Kind#MOUNTED},
     *                                {@link FilesystemException.Kind#PROGRAM_FAILED} with its output,
     *                                {@link FilesystemException.Kind#TIMED_OUT}, or
     *                                {@link FilesystemException.Kind#NOT_MADE}
     */
    public static UUID make(Path device, FilesystemType type, Duration timeout) {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new InvalidInputException("mkfs timeout must be positive: " + timeout);
        }
        requireDeviceOrImage(device);
        if (!Files.isRegularFile(device)) { // an image file cannot be mounted as itself
            List<MountEntry> mounted = Mounts.mountsOf(device);
            if (!mounted.isEmpty()) {
                throw new FilesystemException(FilesystemException.Kind.MOUNTED, device, type.mkfsProgram(), 0, "",
                        "will not make " + type.mountType() + " on " + device + ": it is mounted at "
                                + mounted.stream().map(m -> m.mountPoint().toString())
                                        .collect(Collectors.joining(", ")), null);
            }
        }
        Path program = findProgram(type).orElseThrow(() -> programMissing(device, type));
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(switch (type) {
            case EXT4 -> List.of("-F", "-q", "-E", "assume_storage_prezeroed=1");
            case XFS -> List.of("-f", "-q", "-K");
        });
        command.add(device.toString());
        run(command, device, timeout);
        FilesystemId made = identify(device).orElse(null);
        if (made == null || made.type() != type) {
            throw new FilesystemException(FilesystemException.Kind.NOT_MADE, device, type.mkfsProgram(), 0, "",
                    String.join(" ", command) + " succeeded but " + device + " holds "
                            + (made == null ? "no filesystem" : made.type()) + " afterwards", null);
        }
        return made.uuid();
    }

    /** The mkfs program of {@code type}: the first executable one in {@code PATH}, then /usr/sbin, /sbin. */
    public static Optional<Path> findProgram(FilesystemType type) {
        Objects.requireNonNull(type, "type");
        return findProgram(type.mkfsProgram(), System.getenv("PATH"), SBIN);
    }

    static Optional<Path> findProgram(String program, String pathVariable, List<Path> extraDirs) {
        Set<Path> dirs = new LinkedHashSet<>();
        if (pathVariable != null) {
            for (String d : pathVariable.split(File.pathSeparator)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.addAll(extraDirs);
        for (Path d : dirs) {
            Path p = d.resolve(program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    static FilesystemException programMissing(Path device, FilesystemType type) {
        return new FilesystemException(FilesystemException.Kind.PROGRAM_MISSING, device, type.mkfsProgram(), 0, "",
                "cannot make " + type.mountType() + " on " + device + ": " + type.mkfsProgram()
                        + " is not installed (looked in PATH, /usr/sbin and /sbin); install the package "
                        + type.debianPackage(), null);
    }

    /**
     * What {@code device} (a block device or image file) holds, from its superblock: ext2/3/4 or xfs with
     * its UUID; empty for anything else (zeros, another filesystem, an ext4 external journal, a file too
     * short to hold a superblock).
     *
     * @throws InvalidInputException when {@code device} does not exist or is neither a block device nor a file
     * @throws FilesystemException   {@link FilesystemException.Kind#IO} when it cannot be read,
     *                               {@link FilesystemException.Kind#AMBIGUOUS} when both superblocks are there
     */
    public static Optional<FilesystemId> identify(Path device) {
        Objects.requireNonNull(device, "device");
        requireDeviceOrImage(device);
        ByteBuffer head = ByteBuffer.allocate(PROBE_BYTES);
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
            while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
                // a short read is followed by another until EOF
            }
        } catch (IOException e) {
            throw new FilesystemException(FilesystemException.Kind.IO, device, null, 0, "",
                    "cannot read the superblock of " + device + ": " + e, e);
        }
        head.flip();
        Optional<UUID> ext = ext(head);
        Optional<UUID> xfs = xfs(head);
        if (ext.isPresent() && xfs.isPresent()) {
            throw new FilesystemException(FilesystemException.Kind.AMBIGUOUS, device, null, 0, "",
                    device + " has both an ext4 superblock (UUID " + ext.get() + ") and an xfs one (UUID "
                            + xfs.get() + ")", null);
        }
        return ext.map(u -> new FilesystemId(FilesystemType.EXT4, u))
                .or(() -> xfs.map(u -> new FilesystemId(FilesystemType.XFS, u)));
    }

    /** The UUID of the filesystem on {@code device}, as {@link #identify(Path)}; empty when none is recognised. */
    public static Optional<UUID> uuid(Path device) {
        return identify(device).map(FilesystemId::uuid);
    }

    private static Optional<UUID> ext(ByteBuffer head) {
        if (head.limit() < EXT_UUID_OFFSET + 16) {
            return Optional.empty();
        }
        ByteBuffer le = head.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if ((le.getShort(EXT_MAGIC_OFFSET) & 0xffff) != EXT_MAGIC
                || (le.getInt(EXT_INCOMPAT_OFFSET) & EXT_INCOMPAT_JOURNAL_DEV) != 0) {
            return Optional.empty();
        }
        return Optional.of(uuidAt(head, EXT_UUID_OFFSET));
    }

    private static Optional<UUID> xfs(ByteBuffer head) {
        if (head.limit() < XFS_UUID_OFFSET + 16) {
            return Optional.empty();
        }
        ByteBuffer be = head.duplicate().order(ByteOrder.BIG_ENDIAN);
        int blockSize = be.getInt(XFS_BLOCKSIZE_OFFSET);
        // the block size too, so that a stray "XFSB" is not taken for a filesystem
        if (be.getInt(0) != XFS_MAGIC || blockSize < 512 || blockSize > 65536 || Integer.bitCount(blockSize) != 1) {
            return Optional.empty();
        }
        return Optional.of(uuidAt(head, XFS_UUID_OFFSET));
    }

    /** Both superblocks store the UUID's 16 bytes in the order they are printed. */
    private static UUID uuidAt(ByteBuffer head, int offset) {
        ByteBuffer be = head.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new UUID(be.getLong(offset), be.getLong(offset + 8));
    }

    private static void requireDeviceOrImage(Path device) {
        if (!Files.exists(device)) {
            throw new InvalidInputException("device " + device + " does not exist");
        }
        if (!Files.isRegularFile(device) && !isBlockDevice(device)) {
            throw new InvalidInputException(device + " is neither a block device nor an image file");
        }
    }

    private static boolean isBlockDevice(Path p) {
        try {
            return ((Integer) Files.getAttribute(p, "unix:mode") & 0xF000) == 0x6000;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static void run(List<String> command, Path device, Duration timeout) {
        String program = Path.of(command.getFirst()).getFileName().toString();
        String line = ExternalProgram.describe(command);
        switch (ExternalProgram.run(command, timeout)) {
            case ExternalProgram.Outcome.NotStarted n -> throw new FilesystemException(
                    FilesystemException.Kind.PROGRAM_FAILED, device, program, -1, "",
                    "cannot start " + line + ": " + n.cause().getMessage(), n.cause());
            case ExternalProgram.Outcome.Killed k -> throw new FilesystemException(FilesystemException.Kind.TIMED_OUT,
                    device, program, 0, k.output(), line + (k.interrupted() ? " was interrupted and killed"
                            : " did not finish in " + timeout + " and was killed"
                            + (k.output().isEmpty() ? "" : "; it printed: " + k.output())), null);
            case ExternalProgram.Outcome.Exited e when e.exitCode() != 0 -> throw new FilesystemException(
                    FilesystemException.Kind.PROGRAM_FAILED, device, program, e.exitCode(), e.output(),
                    line + " failed with exit code " + e.exitCode() + (e.output().isEmpty() ? "" : ": " + e.output()),
                    null);
            case ExternalProgram.Outcome.Exited e -> {
            }
        }
    }
}
