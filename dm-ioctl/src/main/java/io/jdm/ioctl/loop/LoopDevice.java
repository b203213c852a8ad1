package io.jdm.ioctl.loop;

import io.jdm.api.DeviceNumber;
import io.jdm.api.Errno;
import io.jdm.ioctl.internal.LibC;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;

/**
 * An attached loop device, holding an open descriptor on {@code /dev/loopN}. While it is open the
 * kernel keeps the device (and, with auto-clear, detaches it once the last holder closes it).
 * {@link #close()} detaches it; nothing is left attached by a closed {@code LoopDevice}. A detach
 * closes the descriptor too: the kernel may defer the detach to the device's last close.
 *
 * <p>After {@link #detach()} the index may at once be reused by another attach, so the read-back
 * methods refuse to answer instead of reporting someone else's device.
 */
public final class LoopDevice implements AutoCloseable {
    private final int index;
    private final Path path;
    private final DeviceNumber number;
    private final LoopSysfs sysfs;
    private int fd;
    private boolean detached;

    LoopDevice(int index, Path path, DeviceNumber number, int fd) {
        this.index = index;
        this.path = path;
        this.number = number;
        this.fd = fd;
        this.sysfs = new LoopSysfs(index);
    }

    /** {@code /dev/loopN}. */
    public Path path() {
        return path;
    }

    /** N of {@code /dev/loopN}. */
    public int index() {
        return index;
    }

    /** The block device number (major 7), as it appears in device-mapper tables and deps. */
    public DeviceNumber number() {
        return number;
    }

    /** The attached file, as the kernel resolved it (sysfs {@code loop/backing_file}). */
    public Path backingFile() {
        requireAttached("backing file");
        return Path.of(sysfs.backingFile().orElseThrow(() ->
                LoopException.of("read backing file", path, "the kernel shows no backing file: the device was detached")));
    }

    /** The device's size in bytes, as the kernel sees it (whole 512-byte sectors of the backing file). */
    public long sizeBytes() {
        requireAttached("size");
        return sysfs.sizeSectors() * 512L;
    }

    public boolean readOnly() {
        requireAttached("read-only flag");
        return sysfs.readOnly();
    }

    public boolean autoClear() {
        requireAttached("auto-clear flag");
        return sysfs.autoClear();
    }

    /** Whether the kernel really uses direct I/O (it falls back to buffered where the file system can't). */
    public boolean directIo() {
        requireAttached("direct-io flag");
        return sysfs.directIo();
    }

    /** The block devices holding this one open exclusively (e.g. {@code dm-3}), from sysfs. */
    public List<String> holders() {
        requireAttached("holders");
        return sysfs.holders();
    }

    public synchronized boolean isAttached() {
        return !detached;
    }

    /**
     * {@code LOOP_CLR_FD}. Idempotent. When something else still holds the device open (a
     * device-mapper table, say), the kernel marks it auto-clear and detaches it when that holder lets go.
     */
    public synchronized void detach() {
        if (detached) {
            return;
        }
        if (fd < 0) {
            throw LoopException.of("LOOP_CLR_FD", path, "descriptor already closed");
        }
        int r = LibC.ioctl(fd, LoopAbi.LOOP_CLR_FD, 0L);
        if (r < 0 && r != -Errno.ENXIO.number()) { // ENXIO: nothing attached, which is what we want
            throw LoopException.kernel("LOOP_CLR_FD", path, -r, holdersText());
        }
        detached = true;
        // Linux 6.12 (not 5.10 or 6.1) only marks the device for detaching and detaches it at its
        // last close: closing our descriptor here makes the detach happen now on every kernel.
        LibC.close(fd);
        fd = -1;
    }

    /**
     * Detaches and closes the descriptor. Should the kernel refuse to detach (kernels before 5.x answer
     * EBUSY while a holder remains), the device is switched to auto-clear instead, so it still goes
     * away when its last holder closes; only if that fails too is the error thrown.
     */
    @Override
    public synchronized void close() {
        if (fd < 0) {
            return;
        }
        try {
            detach();
        } catch (LoopException e) {
            if (!markAutoClear()) {
                throw e;
            }
            detached = true;
        } finally {
            if (fd >= 0) {
                LibC.close(fd);
                fd = -1;
            }
        }
    }

    /** LOOP_GET_STATUS64, add LO_FLAGS_AUTOCLEAR, LOOP_SET_STATUS64. */
    private boolean markAutoClear() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(LoopAbi.LOOP_INFO64);
            if (LibC.ioctl(fd, LoopAbi.LOOP_GET_STATUS64, info) < 0) {
                return false;
            }
            LoopAbi.setInfoFlags(info, LoopAbi.infoFlags(info) | LoopAbi.LO_FLAGS_AUTOCLEAR);
            return LibC.ioctl(fd, LoopAbi.LOOP_SET_STATUS64, info) == 0;
        }
    }

    private String holdersText() {
        var holders = sysfs.holders();
        return holders.isEmpty() ? "" : "held by " + String.join(", ", holders);
    }

    private synchronized void requireAttached(String what) {
        if (detached) {
            throw LoopException.of("read " + what, path, "detached; the index may belong to another device by now");
        }
    }

    @Override
    public String toString() {
        return path + " (" + number + ")";
    }
}
