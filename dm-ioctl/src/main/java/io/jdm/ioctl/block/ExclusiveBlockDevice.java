package io.jdm.ioctl.block;

import io.jdm.ioctl.internal.LibC;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A block device opened {@code O_EXCL}, so that nobody else can have it while we decide what to do with
 * it: the open fails when the device is mounted, used by a device-mapper table (a live pool holds its
 * metadata and data devices this way), or opened exclusively by anyone else. Reads and writes are
 * {@code O_DIRECT}, so what is read is what is on the device, not a page cached before another user
 * (dm-bufio, which bypasses this cache) wrote it.
 *
 * <p>Offsets and lengths are multiples of {@value #ALIGNMENT} bytes, the largest logical block size a
 * device has. Not thread-safe. Close it before handing the device to the kernel: a table load that
 * claims the device fails while this is open.
 */
public final class ExclusiveBlockDevice implements AutoCloseable {
    /** The alignment direct I/O needs on every device. */
    public static final int ALIGNMENT = 4096;
    private static final int S_IFMT = 0xF000;

    private final Path path;
    private int fd;

    private ExclusiveBlockDevice(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /**
     * Opens the block device {@code path} (links followed) for reading and writing, exclusively.
     *
     * @throws BlockDeviceException when it is not a block device, or the kernel refuses
     *         ({@link BlockDeviceException#isBusy()} when it is in use)
     */
    public static ExclusiveBlockDevice open(Path path) {
        Objects.requireNonNull(path, "path");
        requireBlockDevice(path);
        int fd = LibC.open(path.toString(), LibC.O_RDWR | LibC.O_EXCL | LibC.O_DIRECT | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw BlockDeviceException.kernel("open (exclusive)", path, -fd);
        }
        return new ExclusiveBlockDevice(path, fd);
    }

    private static void requireBlockDevice(Path path) {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(path, "unix:mode");
        } catch (IOException | UnsupportedOperationException e) {
            throw BlockDeviceException.of("open (exclusive)", path, "cannot be read: " + e.getMessage());
        }
        if ((mode & S_IFMT) != LibC.S_IFBLK) {
            throw BlockDeviceException.of("open (exclusive)", path, Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                    ? "is a regular file, not a block device (attach it to a loop device first)"
                    : "is not a block device");
        }
    }

    /** The device this was opened on. */
    public Path path() {
        return path;
    }

    /** Reads {@code length} bytes at {@code offset}; fewer only at the end of the device. */
    public ByteBuffer read(long offset, int length) {
        requireAligned(offset, length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(length, ALIGNMENT);
            long done = transfer("pread", LibC::pread, buffer, offset);
            return ByteBuffer.wrap(buffer.asSlice(0, done).toArray(ValueLayout.JAVA_BYTE));
        }
    }

    /** Writes {@code length} zero bytes at {@code offset} and waits until the device has them ({@code fsync}). */
    public void zero(long offset, int length) {
        requireAligned(offset, length);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zeros = arena.allocate(length, ALIGNMENT);
            if (transfer("pwrite", LibC::pwrite, zeros, offset) < length) {
                throw BlockDeviceException.of("pwrite of " + length + " bytes at byte " + offset + " of", path, "the device ends before");
            }
        }
        int r = LibC.fsync(openFd());
        if (r < 0) {
            throw BlockDeviceException.kernel("fsync", path, -r);
        }
    }

    /** {@code pread} or {@code pwrite}: the whole buffer, retried after EINTR and short transfers, until the device ends. */
    private interface Transfer {
        long apply(int fd, MemorySegment buffer, long offset);
    }

    private long transfer(String name, Transfer call, MemorySegment buffer, long offset) {
        long done = 0;
        while (done < buffer.byteSize()) {
            long n = call.apply(openFd(), buffer.asSlice(done), offset + done);
            if (n == -LibC.EINTR) {
                continue;
            }
            if (n < 0) {
                throw BlockDeviceException.kernel(name + " at byte " + (offset + done) + " of", path, (int) -n);
            }
            if (n == 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    private static void requireAligned(long offset, int length) {
        if (offset < 0 || length <= 0 || offset % ALIGNMENT != 0 || length % ALIGNMENT != 0) {
            throw new IllegalArgumentException("offset " + offset + " and length " + length
                    + " must be non-negative multiples of " + ALIGNMENT + " (length above 0)");
        }
    }

    private int openFd() {
        if (fd < 0) {
            throw new IllegalStateException(path + " is closed");
        }
        return fd;
    }

    /** Closes the descriptor, ending the exclusive claim. Idempotent. */
    @Override
    public void close() {
        if (fd >= 0) {
            LibC.close(fd);
            fd = -1;
        }
    }
}
