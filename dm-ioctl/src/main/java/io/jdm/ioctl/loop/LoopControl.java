package io.jdm.ioctl.loop;

import io.jdm.api.DeviceNumber;
import io.jdm.api.Errno;
import io.jdm.ioctl.internal.FaultPoints;
import io.jdm.ioctl.internal.LibC;
import io.jdm.ioctl.internal.NativeAccess;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Attaches files to loop devices, the way {@code losetup --find --show} does: ask
 * {@code /dev/loop-control} for a free index, then bind the file to it in one {@code LOOP_CONFIGURE}
 * (falling back to {@code LOOP_SET_FD} + {@code LOOP_SET_STATUS64} on kernels before 5.8).
 */
public final class LoopControl {
    static final Path CONTROL = Path.of("/dev/loop-control");
    /** Another process may take the free index between our two calls; then we ask again, a few times. */
    private static final int ATTEMPTS = 8;
    private static final int S_IFBLK_RW = LibC.S_IFBLK | 0600;

    private LoopControl() {
    }

    /** Attaches {@code backingFile} to a free loop device. */
    public static LoopDevice attach(Path backingFile, LoopOptions options) {
        Objects.requireNonNull(backingFile, "backingFile");
        Objects.requireNonNull(options, "options");
        Path file = backingFile.toAbsolutePath();
        checkBackingFile(file, options);
        NativeAccess.require();

        int fileFd = open(file, (options.readOnly() ? LibC.O_RDONLY : LibC.O_RDWR) | LibC.O_CLOEXEC, "backing file");
        try {
            int controlFd = openControl();
            try {
                return attachToFree(controlFd, fileFd, file, options);
            } finally {
                LibC.close(controlFd);
            }
        } finally {
            LibC.close(fileFd); // the kernel holds its own reference to the file
        }
    }

    /** Attaches {@code backingFile} read-write with auto-clear. */
    public static LoopDevice attach(Path backingFile) {
        return attach(backingFile, LoopOptions.defaults());
    }

    /**
     * Creates (or resizes) {@code file} as a sparse file of {@code bytes}: it takes no disk space until
     * written. Returns {@code file}.
     */
    public static Path createSparseFile(Path file, long bytes) {
        Objects.requireNonNull(file, "file");
        if (bytes <= 0) {
            throw LoopException.of("create sparse file", file, "size must be positive, got " + bytes);
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(bytes); // ftruncate: extends with a hole
        } catch (IOException e) {
            throw LoopException.of("create sparse file", file, e.toString(), e);
        }
        return file;
    }

    /** The kernel would say EBADF or EINVAL, or nothing at all; we can say what is wrong. */
    private static void checkBackingFile(Path file, LoopOptions options) {
        if (!Files.exists(file)) {
            throw LoopException.of("attach", file, "backing file " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw LoopException.of("attach", file, "backing file " + file + " is a directory");
        }
        if (!Files.isReadable(file) || (!options.readOnly() && !Files.isWritable(file))) {
            throw LoopException.of("attach", file, "backing file " + file + " is not "
                    + (options.readOnly() ? "readable" : "readable and writable (attach it read-only?)"));
        }
    }

    private static int open(Path file, int flags, String what) {
        int fd = LibC.open(file.toString(), flags);
        if (fd < 0) {
            throw LoopException.kernel("open", file, -fd, what);
        }
        return fd;
    }

    private static int openControl() {
        int fd = LibC.open(CONTROL.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd == -Errno.ENOENT.number()) {
            throw LoopException.of("open", CONTROL, CONTROL + " does not exist: load the loop module (modprobe loop)");
        }
        if (fd < 0) {
            throw LoopException.kernel("open", CONTROL, -fd, null);
        }
        return fd;
    }

    private static LoopDevice attachToFree(int controlFd, int fileFd, Path file, LoopOptions options) {
        int busy = 0;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int index = LibC.ioctl(controlFd, LoopAbi.LOOP_CTL_GET_FREE, 0L);
            if (index == -Errno.ENOSPC.number() || index == -Errno.ENODEV.number()) {
                throw LoopException.of("LOOP_CTL_GET_FREE", CONTROL,
                        "no free loop device (all in use and the loop module's max_loop reached)");
            }
            if (index < 0) {
                throw LoopException.kernel("LOOP_CTL_GET_FREE", CONTROL, -index, null);
            }
            Path dev = Path.of("/dev/loop" + index);
            int loopFd = openLoop(index, dev);
            int r = bind(loopFd, fileFd, file, options);
            if (r == 0) {
                return bound(index, dev, loopFd, file);
            }
            LibC.close(loopFd);
            if (r != -Errno.EBUSY.number()) {
                throw LoopException.kernel("LOOP_CONFIGURE", dev, -r, "backing file " + file);
            }
            busy++; // someone raced us for this index
        }
        throw LoopException.of("attach", file, "every free loop device was taken by someone else first ("
                + busy + " tries)");
    }

    /**
     * The attached device, once the file is bound. Anything failing from here on (reading its number from
     * sysfs, say) unbinds the file and closes the descriptor again: a failed attach leaves nothing bound.
     */
    private static LoopDevice bound(int index, Path dev, int loopFd, Path file) {
        try {
            FaultPoints.afterLoopBind.run();
            DeviceNumber number = new LoopSysfs(index).number()
                    .orElse(DeviceNumber.of(LoopAbi.LOOP_MAJOR, index));
            return new LoopDevice(index, dev, number, loopFd);
        } catch (RuntimeException | Error e) {
            int r = LibC.ioctl(loopFd, LoopAbi.LOOP_CLR_FD, 0L);
            LibC.close(loopFd);
            if (r < 0 && r != -Errno.ENXIO.number()) {
                e.addSuppressed(LoopException.kernel("LOOP_CLR_FD", dev, -r, "undoing the attach of " + file));
            }
            throw e;
        }
    }

    /**
     * Opens /dev/loopN. Without devtmpfs (some containers) the node may be missing although the kernel
     * made the device; then we make the node from the number sysfs shows.
     */
    private static int openLoop(int index, Path dev) {
        int fd = LibC.open(dev.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd == -Errno.ENOENT.number()) {
            DeviceNumber number = new LoopSysfs(index).number()
                    .orElseThrow(() -> LoopException.of("open", dev, "no such node and sysfs does not show loop" + index));
            int r = LibC.mknod(dev.toString(), S_IFBLK_RW, number.major(), number.minor());
            if (r < 0 && r != -Errno.EEXIST.number()) {
                throw LoopException.kernel("mknod", dev, -r, "block " + number);
            }
            fd = LibC.open(dev.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        }
        if (fd < 0) {
            throw LoopException.kernel("open", dev, -fd, null);
        }
        return fd;
    }

    /** LOOP_CONFIGURE, or the two-step fallback where the kernel does not know it: 0 or -errno. */
    private static int bind(int loopFd, int fileFd, Path file, LoopOptions options) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocate(LoopAbi.LOOP_CONFIG); // zeroed: block_size 0 = 512
            LoopAbi.setConfigFd(config, fileFd);
            MemorySegment info = LoopAbi.configInfo(config);
            LoopAbi.setInfoFlags(info, options.loFlags());
            LoopAbi.setInfoFileName(info, file.toString().getBytes(StandardCharsets.UTF_8));
            int r = LibC.ioctl(loopFd, LoopAbi.LOOP_CONFIGURE, config);
            if (r == -Errno.EINVAL.number() || r == -Errno.ENOTTY.number()) {
                return bindLegacy(loopFd, fileFd, info, options);
            }
            return r;
        }
    }

    /**
     * Pre-5.8: LOOP_SET_FD takes read-only from the file's open mode; LOOP_SET_STATUS64 can set only
     * auto-clear; direct I/O has its own ioctl. A failed SET_STATUS64 detaches again.
     */
    private static int bindLegacy(int loopFd, int fileFd, MemorySegment info, LoopOptions options) {
        int r = LibC.ioctl(loopFd, LoopAbi.LOOP_SET_FD, fileFd);
        if (r < 0) {
            return r;
        }
        LoopAbi.setInfoFlags(info, options.autoClear() ? LoopAbi.LO_FLAGS_AUTOCLEAR : 0);
        r = LibC.ioctl(loopFd, LoopAbi.LOOP_SET_STATUS64, info);
        if (r < 0) {
            LibC.ioctl(loopFd, LoopAbi.LOOP_CLR_FD, 0L);
            return r;
        }
        if (options.directIo()) {
            // EINVAL where the file system can't: stay buffered, as LOOP_CONFIGURE does silently
            LibC.ioctl(loopFd, LoopAbi.LOOP_SET_DIRECT_IO, 1L);
        }
        return 0;
    }
}
