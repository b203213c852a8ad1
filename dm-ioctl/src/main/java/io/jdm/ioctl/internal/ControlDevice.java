package io.jdm.ioctl.internal;

import io.jdm.api.BufferLimitException;
import io.jdm.api.ClosedException;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.DeviceMapperUnavailableException;
import io.jdm.api.DeviceRef;
import io.jdm.api.Errno;
import io.jdm.api.InterfaceVersion;
import io.jdm.api.KernelException;
import io.jdm.api.UnsupportedByKernelException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

/**
 * One open control descriptor and the mechanics of a device-mapper call on it: buffer, header,
 * version gate, growth on {@code DM_BUFFER_FULL_FLAG}, errno to exception. Safe for concurrent use:
 * each thread builds its request in a buffer of its own, and {@link #close()} waits for no one but
 * closes the descriptor only after the last call in flight has returned.
 */
public final class ControlDevice implements AutoCloseable {

    /** What to put in the request after the generic header. */
    @FunctionalInterface
    public interface Request {
        /** Writes extra header fields and/or data at {@link DmStructs#IOCTL_SIZE} of the zeroed buffer. */
        void write(MemorySegment buffer);

        Request NONE = buffer -> { };
    }

    /** How to read a successful reply. */
    @FunctionalInterface
    public interface Reply<T> {
        T read(MemorySegment buffer);
    }

    /** The system call, replaceable so that unit tests can play the kernel's part. */
    @FunctionalInterface
    public interface Ioctl {
        /** Returns the result, or {@code -errno}. */
        int call(int fd, long request, MemorySegment buffer);
    }

    /** Every thread starts with a buffer of this size. */
    private static final int CACHED_BUFFER_BYTES = 16 * 1024;
    /**
     * A thread's buffer grows to the largest request it made, up to this size (a listing of about 10,000
     * devices); larger requests get a buffer for the call. So a repeated large listing or status costs no
     * Arena and no allocation per call, and a thread holds at most this much.
     */
    private static final int MAX_CACHED_BUFFER_BYTES = 1024 * 1024;
    private static final MemorySegment ZEROS = Arena.global().allocate(CACHED_BUFFER_BYTES, 8);
    private static final ThreadLocal<MemorySegment> CACHED =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CACHED_BUFFER_BYTES, 8));

    /** This thread's buffer, grown (the old one left to the GC) when {@code size} needs more. */
    private static MemorySegment cachedBuffer(int size) {
        MemorySegment buffer = CACHED.get();
        if (buffer.byteSize() < size) {
            buffer = Arena.ofAuto().allocate(Math.min(MAX_CACHED_BUFFER_BYTES, Integer.highestOneBit(size - 1) << 1), 8);
            CACHED.set(buffer);
        }
        return buffer;
    }

    /** Zeroes the first {@code size} bytes, from the static zero block, without allocating. */
    private static void zero(MemorySegment buffer, long size) {
        for (long at = 0; at < size; at += CACHED_BUFFER_BYTES) {
            MemorySegment.copy(ZEROS, 0, buffer, at, Math.min(CACHED_BUFFER_BYTES, size - at));
        }
    }

    private final int fd;
    private final Ioctl ioctl;
    private final Path path;
    private final int maxBufferBytes;
    private final InterfaceVersion kernelVersion;
    /** Calls in flight times two, plus one once closed. */
    private final AtomicInteger state = new AtomicInteger();
    /**
     * Per command, the buffer size its last grown reply needed: the next call starts there instead of
     * asking the kernel again and again (each BUFFER_FULL redoes the whole listing or status). Like
     * libdevmapper's doubling factor it only grows, bounded by the cap.
     */
    private final AtomicIntegerArray grownSize = new AtomicIntegerArray(CommandSpec.values().length);
    private final AtomicBoolean fdClosed = new AtomicBoolean();

    private ControlDevice(int fd, Ioctl ioctl, Path path, int maxBufferBytes) {
        this.fd = fd;
        this.ioctl = ioctl;
        this.path = path;
        this.maxBufferBytes = maxBufferBytes;
        try {
            this.kernelVersion = readVersion();
        } catch (RuntimeException e) {
            if (fd >= 0) {
                LibC.close(fd);
            }
            throw e;
        }
    }

    /** Opens the control node, failing with a message that says what to do about it. */
    public static ControlDevice open(Path path, int maxBufferBytes) {
        NativeAccess.require();
        int fd = LibC.open(path.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0) {
            int errno = -fd;
            if (errno == Errno.ENOENT.number() || errno == Errno.ENODEV.number() || errno == Errno.ENXIO.number()) {
                throw new DeviceMapperUnavailableException("device-mapper is not available: " + path + " "
                        + (Files.exists(path) ? "cannot be opened (" + Errno.describe(errno) + ")" : "does not exist")
                        + "; load the dm_mod kernel module (modprobe dm_mod)");
            }
            if (errno == Errno.EACCES.number() || errno == Errno.EPERM.number()) {
                throw new DeviceMapperUnavailableException("cannot open " + path + ": " + Errno.describe(errno)
                        + "; device-mapper needs CAP_SYS_ADMIN (run as root)");
            }
            throw new DeviceMapperUnavailableException("cannot open " + path + ": " + Errno.describe(errno));
        }
        return new ControlDevice(fd, LibC::ioctl, path, maxBufferBytes);
    }

    /** A control device whose "kernel" is {@code ioctl}; for unit tests. No descriptor is opened or closed. */
    public static ControlDevice simulated(Ioctl ioctl, int maxBufferBytes) {
        return new ControlDevice(-1, ioctl, Path.of("(simulated)"), maxBufferBytes);
    }

    /**
     * Another descriptor on the same control node (a simulated device: the same simulated kernel), for a
     * caller that must not share this one's armed event counter.
     */
    public ControlDevice reopen() {
        enter();
        try {
            return fd < 0 ? new ControlDevice(-1, ioctl, path, maxBufferBytes) : open(path, maxBufferBytes);
        } finally {
            exit();
        }
    }

    public InterfaceVersion kernelVersion() {
        return kernelVersion;
    }

    public Path path() {
        return path;
    }

    private InterfaceVersion readVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(DmStructs.IOCTL_SIZE, 8);
            HeaderCodec.write(buffer, DmStructs.IOCTL_SIZE, CommandSpec.VERSION, null, 0, 0);
            int r = ioctl.call(fd, CommandSpec.VERSION.request(), buffer);
            if (r < 0) {
                if (-r == Errno.EACCES.number() || -r == Errno.EPERM.number()) {
                    throw new DeviceMapperUnavailableException("device-mapper refused " + Errno.describe(-r)
                            + ": it needs CAP_SYS_ADMIN (run as root)");
                }
                throw new DeviceMapperUnavailableException("DM_VERSION on " + path + " failed: " + Errno.describe(-r));
            }
            InterfaceVersion v = HeaderCodec.version(buffer);
            if (v.major() != 4) {
                throw new DeviceMapperUnavailableException("device-mapper interface " + v + " is not version 4, the one jdm speaks");
            }
            return v;
        }
    }

    /**
     * Runs one command: builds the request, calls the kernel, grows the buffer and asks again while the
     * reply does not fit (for the commands where that means something), and reads the reply.
     *
     * @param sent    what was sent, in words, for the exception when the kernel refuses; called only then
     * @param secure  the request holds secrets: ask the kernel to wipe its copies and wipe ours
     */
    public <T> T call(CommandSpec spec, DeviceRef device, int flags, int eventNr, int dataBytes,
                      Request request, Reply<T> reply, Supplier<String> sent, boolean secure) {
        if (!kernelVersion.supports(spec.minimumVersion())) {
            throw new UnsupportedByKernelException(spec.command().kernelName(), spec.minimumVersion(), kernelVersion);
        }
        long needed = DmStructs.IOCTL_SIZE + (long) dataBytes;
        long size = spec.growsOnBufferFull()
                ? Math.max(needed, Math.max(DeviceMapperOptions.INITIAL_BUFFER_BYTES, grownSize.get(spec.ordinal())))
                : needed;
        if (size > maxBufferBytes) {
            throw new BufferLimitException(spec.command(), device, maxBufferBytes);
        }
        if (secure) {
            flags |= DmFlags.SECURE_DATA;
        }
        enter();
        try {
            while (true) {
                Object outcome = attempt(spec, device, flags, eventNr, (int) size, request, reply, sent, secure);
                if (outcome != GROW) {
                    rememberGrownSize(spec, (int) size);
                    @SuppressWarnings("unchecked")
                    T result = (T) outcome;
                    return result;
                }
                size *= 2;
                if (size > maxBufferBytes) {
                    throw new BufferLimitException(spec.command(), device, maxBufferBytes);
                }
            }
        } finally {
            exit();
        }
    }

    /**
     * Only a size larger than the one remembered is written: an unconditional update would be a CAS on
     * memory shared by every thread, on every call, for nothing.
     */
    private void rememberGrownSize(CommandSpec spec, int size) {
        int i = spec.ordinal();
        if (spec.growsOnBufferFull() && size > grownSize.get(i)) {
            grownSize.accumulateAndGet(i, size, Math::max);
        }
    }

    /** What {@link #attempt} returns when the reply did not fit and may be asked for again. */
    private static final Object GROW = new Object();

    private <T> Object attempt(CommandSpec spec, DeviceRef device, int flags, int eventNr, int size,
                            Request request, Reply<T> reply, Supplier<String> sent, boolean secure) {
        Arena arena = size > MAX_CACHED_BUFFER_BYTES ? Arena.ofConfined() : null;
        // The cached buffer is used whole, not sliced (a slice is an object per call): the kernel reads and
        // writes only data_size bytes of it and every reader is bounded by that, so zeroing those suffices.
        MemorySegment buffer = arena == null ? cachedBuffer(size) : arena.allocate(size, 8);
        try {
            if (arena == null) { // a fresh allocation is zeroed already
                zero(buffer, size);
            }
            HeaderCodec.write(buffer, size, spec, device, flags, eventNr);
            request.write(buffer);
            int r = ioctl.call(fd, spec.request(), buffer);
            if (r < 0) {
                throw KernelException.of(spec.command(), device, -r, sent == null ? null : sent.get());
            }
            if (r > 0) {
                // The kernel returned a positive value without copying a reply back (a message to a
                // device without a live table does this); there is nothing to read.
                throw new KernelException(spec.command(), device, 0,
                        "the kernel answered " + r + " without a reply (does the device have a live table?)"
                                + (sent == null ? "" : "; sent: " + sent.get()));
            }
            if ((HeaderCodec.flags(buffer) & DmFlags.BUFFER_FULL) != 0) {
                if (spec.growsOnBufferFull()) {
                    return GROW;
                }
                throw new BufferLimitException(spec.command(), device, size);
            }
            return reply.read(buffer);
        } finally {
            if (secure) {
                zero(buffer, size);
            }
            if (arena != null) {
                arena.close();
            }
        }
    }

    /** The descriptor, for poll(2); use it only between {@link #enter()} and {@link #exit()}. */
    public int fd() {
        return fd;
    }

    /** Marks a call in flight; fails once closed. */
    public void enter() {
        while (true) {
            int s = state.get();
            if ((s & 1) != 0) {
                throw new ClosedException("the device-mapper control descriptor (" + path + ") is closed");
            }
            if (state.compareAndSet(s, s + 2)) {
                return;
            }
        }
    }

    public void exit() {
        if (state.addAndGet(-2) == 1) {
            closeFd();
        }
    }

    /** Final. The descriptor is closed now, or by the last call still in flight when it returns. */
    @Override
    public void close() {
        while (true) {
            int s = state.get();
            if ((s & 1) != 0) {
                return;
            }
            if (state.compareAndSet(s, s | 1)) {
                if (s == 0) {
                    closeFd();
                }
                return;
            }
        }
    }

    public boolean isClosed() {
        return (state.get() & 1) != 0;
    }

    private void closeFd() {
        if (fdClosed.compareAndSet(false, true) && fd >= 0) {
            if (fd >= 0) {
                LibC.close(fd);
            }
        }
    }
}
