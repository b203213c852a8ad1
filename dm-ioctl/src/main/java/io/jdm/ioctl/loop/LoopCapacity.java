package io.jdm.ioctl.loop;

import io.jdm.api.DeviceNumber;
import io.jdm.ioctl.internal.LibC;
import io.jdm.ioctl.internal.NativeAccess;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Grows a loop device that is already attached (by anyone): extend its backing file, then
 * {@code LOOP_SET_CAPACITY} so the device takes the file's new size, as {@code losetup --set-capacity}
 * does. A device-mapper table on the loop device sees the new size at its next reload.
 */
public final class LoopCapacity {
    private static final Path SYS_DEV_BLOCK = Path.of("/sys/dev/block");
    private static final long SECTOR = 512;

    private LoopCapacity() {
    }

    /** The file behind loop device {@code number}; empty when it is no loop device or nothing is attached. */
    public static Optional<Path> backingFile(DeviceNumber number) {
        return index(number).flatMap(i -> new LoopSysfs(i).backingFile()).map(Path::of);
    }

    /** The size of loop device {@code number} in bytes, as the kernel has it now. */
    public static long sizeBytes(DeviceNumber number) {
        return new LoopSysfs(requireIndex(number)).sizeSectors() * SECTOR;
    }

    /**
     * Makes loop device {@code number} at least {@code bytes} long: extends its backing file (sparse, never
     * shrinking it) and has the kernel re-read the size. Refused before anything changes when the device is
     * no loop device, its file was deleted, or the file's filesystem has less free space than the growth.
     *
     * @return the device's size in bytes afterwards
     */
    public static long growTo(DeviceNumber number, long bytes) {
        int index = requireIndex(number);
        Path dev = Path.of("/dev/loop" + index);
        String backing = new LoopSysfs(index).backingFile().orElseThrow(() ->
                LoopException.of("grow", dev, "nothing is attached to it"));
        Path file = Path.of(backing);
        if (!Files.isRegularFile(file)) {
            throw LoopException.of("grow", dev, "its backing file " + backing + " is gone (deleted or unreachable)");
        }
        extend(dev, file, bytes);
        NativeAccess.require();
        int fd = LibC.open(dev.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw LoopException.kernel("open", dev, -fd, "to set its capacity");
        }
        try {
            int r = LibC.ioctl(fd, LoopAbi.LOOP_SET_CAPACITY, 0L);
            if (r < 0) {
                throw LoopException.kernel("LOOP_SET_CAPACITY", dev, -r, "backing file " + file);
            }
        } finally {
            LibC.close(fd);
        }
        return new LoopSysfs(index).sizeSectors() * SECTOR;
    }

    private static void extend(Path dev, Path file, long bytes) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long length = raf.length();
            if (length >= bytes) {
                return;
            }
            // the extension is a hole: a full filesystem would only show when the pool writes into it, as I/O errors
            long usable = Files.getFileStore(file).getUsableSpace();
            if (usable < bytes - length) {
                throw LoopException.of("grow", dev, "the filesystem of " + file + " has " + usable
                        + " bytes free, less than the " + (bytes - length) + " the file would grow by");
            }
            raf.setLength(bytes);
        } catch (IOException e) {
            throw LoopException.of("grow", dev, "cannot extend " + file + ": " + e, e);
        }
    }

    private static int requireIndex(DeviceNumber number) {
        return index(number).orElseThrow(() ->
                LoopException.of("grow", SYS_DEV_BLOCK.resolve(number.toString()), number + " is not a loop device"));
    }

    /** loopN's N, from sysfs's name for the device (minors need not equal indexes when partitions are on). */
    private static Optional<Integer> index(DeviceNumber number) {
        if (number.major() != LoopAbi.LOOP_MAJOR) {
            return Optional.empty();
        }
        try {
            String name = SYS_DEV_BLOCK.resolve(number.toString()).toRealPath().getFileName().toString();
            return name.matches("loop[0-9]+") ? Optional.of(Integer.parseInt(name.substring(4))) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw LoopException.of("find", SYS_DEV_BLOCK.resolve(number.toString()), e.toString(), e);
        }
    }
}
