package io.jdm.ioctl.internal;

import io.jdm.api.BufferLimitException;
import io.jdm.api.ClosedException;
import io.jdm.api.DeviceMapperException;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.DeviceMapperUnavailableException;
import io.jdm.api.Errno;
import io.jdm.api.InterfaceVersion;
import io.jdm.api.InvalidInputException;
import io.jdm.api.KernelException;
import io.jdm.api.UnexpectedReplyException;
import io.jdm.api.UnsupportedByKernelException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One open control descriptor and the mechanics of a device-mapper call on it: buffer, header,
 * version gate, growth on {@code DM_BUFFER_FULL_FLAG}, checks of the reply's framing, errno to
 * exception. Safe for concurrent use: each call builds its request in a buffer of its own (see
 * {@link RequestBuffers}), and {@link #close()} waits for no one but closes the descriptor only after
 * the last call in flight has returned.
 */
public final class ControlDevice implements AutoCloseable {
    /** An interrupted DEV_WAIT or suspend is made again, but not without end. */
    static final int EINTR_RESTARTS = 64;
    /**
     * A status reply whose target count does not match its specs (a table that changed between the
     * kernel's two looks at it) is asked for again this many times before it is reported.
     */
    static final int MISMATCH_RETRIES = 3;
    /** Replies asked for again because their parts disagreed, in this process: for tests and diagnostics. */
    private static final LongAdder MISMATCHES_RETRIED = new LongAdder();
    /** Diagnostics of the rare turns a call takes (a reply that did not fit, an interrupted call, a retried reply). */
    private static final System.Logger LOG = System.getLogger(ControlDevice.class.getName());

    private final int fd;
    private final Syscalls sys;
    private final Path path;
    private final int maxBufferBytes;
    private final InterfaceVersion kernelVersion;
    /** Calls in flight times two, plus one once closed. */
    private final AtomicInteger state = new AtomicInteger();
    private final AtomicBoolean fdClosed = new AtomicBoolean();
    /** Descriptors made by {@link #reopen()}: closed with this one, so that their waiters end too. */
    private final Set<ControlDevice> children = ConcurrentHashMap.newKeySet();
    private final ControlDevice parent;
    /**
     * Per command, the buffer size to start with: the size its last grown reply needed, so that the next
     * call does not ask the kernel again and again (each BUFFER_FULL redoes the whole listing or status).
     * It decays: a reply that needed less than a quarter of it halves it, so one huge status does not
     * make every later one zero and send megabytes.
     */
    private final AtomicIntegerArray startSize = new AtomicIntegerArray(CommandSpec.values().length);

    private ControlDevice(int fd, Syscalls sys, Path path, int maxBufferBytes, ControlDevice parent) {
        this.fd = fd;
        this.sys = sys;
        this.path = path;
        this.maxBufferBytes = maxBufferBytes;
        this.parent = parent;
        try {
            this.kernelVersion = readVersion();
        } catch (RuntimeException e) {
            sys.close(fd);
            throw e;
        }
    }

    /** Opens the control node, failing with a message that says what to do about it. */
    public static ControlDevice open(Path path, int maxBufferBytes) {
        NativeAccess.require();
        return open(Syscalls.LIBC, path, maxBufferBytes, null);
    }

    /**
     * A control device whose kernel is {@code sys}: a simulated one (dm-ioctl's unit tests, dm-bench's
     * replayed replies). Its descriptors are whatever {@code sys} hands out.
     */
    public static ControlDevice simulated(Syscalls sys, int maxBufferBytes) {
        return open(sys, Path.of("(simulated)"), maxBufferBytes);
    }

    /** The control node at {@code path} through {@code sys}: for tests that watch the real kernel's calls. */
    public static ControlDevice open(Syscalls sys, Path path, int maxBufferBytes) {
        return open(sys, path, maxBufferBytes, null);
    }

    private static ControlDevice open(Syscalls sys, Path path, int maxBufferBytes, ControlDevice parent) {
        int fd = sys.open(path);
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
        return new ControlDevice(fd, sys, path, maxBufferBytes, parent);
    }

    /**
     * Another descriptor on the same control node, for a caller that must not share this one's armed
     * event counter. It is closed when this one is.
     */
    public ControlDevice reopen() {
        enter();
        try {
            ControlDevice child = open(sys, path, maxBufferBytes, this);
            children.add(child);
            if (isClosed()) { // closed while we opened: the child must not outlive us
                child.close();
            }
            return child;
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

    public Syscalls syscalls() {
        return sys;
    }

    private InterfaceVersion readVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(DmStructs.IOCTL_SIZE, 8);
            HeaderCodec.write(buffer, DmStructs.IOCTL_SIZE, CommandSpec.VERSION, null, 0, 0);
            int r = sys.ioctl(fd, CommandSpec.VERSION.request(), buffer);
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
     * Runs one call: builds the request, calls the kernel, grows the buffer and asks again while the
     * reply does not fit (for the commands where that means something), makes an interrupted call again
     * where that is safe, checks the reply's framing and reads it.
     */
    public <T> T call(Request<T> request) {
        CommandSpec spec = request.spec();
        if (!kernelVersion.supports(spec.minimumVersion())) {
            throw new UnsupportedByKernelException(spec.command().kernelName(), spec.minimumVersion(), kernelVersion);
        }
        long needed = DmStructs.IOCTL_SIZE + (long) request.dataBytes();
        long size = spec.growsOnBufferFull()
                ? Math.max(needed, Math.max(DeviceMapperOptions.INITIAL_BUFFER_BYTES, startSize.get(spec.ordinal())))
                : needed;
        enter();
        try {
            int restarts = 0;
            int mismatches = 0;
            while (true) {
                if (size > maxBufferBytes) {
                    throw new BufferLimitException(spec.command(), request.device(), maxBufferBytes);
                }
                try {
                    Object outcome = attempt(request, (int) size);
                    if (outcome == GROW) {
                        long asked = size;
                        size *= 2;
                        LOG.log(System.Logger.Level.DEBUG, () -> describe(request) + ": the reply did not fit in "
                                + asked + " bytes; asking again with " + asked * 2);
                        continue;
                    }
                    if (outcome == RESTART) {
                        if (++restarts > EINTR_RESTARTS) {
                            throw refused(request, Errno.EINTR.number());
                        }
                        LOG.log(System.Logger.Level.DEBUG, () -> describe(request) + ": interrupted (EINTR); made again");
                        continue;
                    }
                    @SuppressWarnings("unchecked")
                    T result = (T) outcome;
                    return result;
                } catch (BadReply bad) {
                    if (!bad.retryable()) {
                        throw unexpected(request, bad.getMessage(), null);
                    }
                    if (++mismatches > MISMATCH_RETRIES) {
                        throw unexpected(request, bad.getMessage() + " (" + mismatches + " replies in a row)", null);
                    }
                    MISMATCHES_RETRIED.increment();
                    LOG.log(System.Logger.Level.DEBUG, () -> describe(request) + ": " + bad.getMessage() + "; asking again");
                }
            }
        } finally {
            exit();
        }
    }

    /**
     * Grows the remembered start size to a size a grown reply needed, or halves it when the reply used
     * less than a quarter of it. Written only when it changes: an unconditional update would be a CAS on
     * memory shared by every thread, on every call, for nothing.
     */
    private void adjustStartSize(CommandSpec spec, int size, int used) {
        if (!spec.growsOnBufferFull()) {
            return;
        }
        int i = spec.ordinal();
        int start = startSize.get(i);
        if (size > start) {
            startSize.accumulateAndGet(i, size, Math::max);
        } else if (start > DeviceMapperOptions.INITIAL_BUFFER_BYTES && (long) used * 4 < start) {
            startSize.compareAndSet(i, start, Math.max(DeviceMapperOptions.INITIAL_BUFFER_BYTES, start / 2));
        }
    }

    /** What {@link #attempt} returns when the reply did not fit and may be asked for again. */
    private static final Object GROW = new Object();
    /** What {@link #attempt} returns when the call was interrupted and is made again. */
    private static final Object RESTART = new Object();

    private <T> Object attempt(Request<T> request, int size) {
        CommandSpec spec = request.spec();
        RequestBuffers.Buffer lease = RequestBuffers.take(size);
        MemorySegment buffer = lease.segment();
        // The buffer is used whole, not sliced (a slice is an object per call): the kernel reads and
        // writes only data_size bytes of it and every reader is bounded by the reply's data_size,
        // which is checked to lie within the request.
        int flags = request.secure() ? request.flags() | DmFlags.SECURE_DATA : request.flags();
        try {
            HeaderCodec.write(buffer, size, spec, request.device(), flags, request.eventField());
            request.writer().write(buffer);
            IoctlEvent event = IoctlEvent.begin(request);
            int r = sys.ioctl(fd, spec.request(), buffer);
            IoctlEvent.finish(event, request, size, r, buffer);
            if (r < 0) {
                if (r == -Errno.EINTR.number() && spec.restartsOnEintr()) {
                    return RESTART;
                }
                throw refused(request, -r);
            }
            if (r > 0) {
                if (spec == CommandSpec.TARGET_MSG && r == MESSAGE_WITHOUT_TABLE) {
                    // the kernel's silent refusal of a message to a device with no live table: no target got it
                    throw refused(request, Errno.EINVAL.number());
                }
                throw unexpected(request, "the kernel returned " + r + " and copied no reply back", null);
            }
            int used = checkFraming(request, buffer, size);
            if ((HeaderCodec.flags(buffer) & DmFlags.BUFFER_FULL) != 0) {
                if (spec.growsOnBufferFull()) {
                    return GROW;
                }
                throw new BufferLimitException(spec.command(), request.device(), size);
            }
            T value = read(request, buffer);
            adjustStartSize(spec, size, used);
            return value;
        } finally {
            if (request.secure()) {
                RequestBuffers.zero(buffer, size);
            }
            RequestBuffers.give(lease, size);
        }
    }

    /**
     * The reply's data size, checked: the kernel answers with {@code data_start} 312 and a
     * {@code data_size} between the 305 bytes of the header's fields and the size of the request.
     */
    private static int checkFraming(Request<?> request, MemorySegment buffer, int size) {
        int dataSize = HeaderCodec.dataSize(buffer);
        int dataStart = HeaderCodec.dataStart(buffer);
        if (dataStart != DmStructs.IOCTL_SIZE || dataSize < DmStructs.IOCTL_MIN_DATA_SIZE || dataSize > size) {
            throw unexpected(request, "the reply's data_size " + Integer.toUnsignedString(dataSize) + " and data_start "
                    + Integer.toUnsignedString(dataStart) + " do not frame a reply in the " + size + "-byte request"
                    + " (data_start " + DmStructs.IOCTL_SIZE + ", data_size " + DmStructs.IOCTL_MIN_DATA_SIZE + ".." + size + ")", null);
        }
        return dataSize;
    }

    /**
     * Reads the reply. A value that refuses what the reply holds (a table with a gap, a name the kernel
     * would never report) means the reply is wrong, not the caller's input: that is an unexpected reply.
     */
    private static <T> T read(Request<T> request, MemorySegment buffer) {
        try {
            return request.reader().read(buffer);
        } catch (UnexpectedReplyException | BadReply e) {
            throw e;
        } catch (InvalidInputException e) {
            throw unexpected(request, "the reply breaks a rule of what it holds: " + e.getMessage(), e);
        } catch (DeviceMapperException e) {
            throw e;
        } catch (RuntimeException e) {
            // a reader that failed to check something; the fuzzer looks for these
            throw unexpected(request, "the reply could not be read: " + e, e);
        }
    }

    /**
     * What DM_TARGET_MSG returns, copying nothing back, when the device has no live table (the "not a
     * message for device-mapper itself" result of its own message parser, passed through).
     */
    private static final int MESSAGE_WITHOUT_TABLE = 2;

    private static KernelException refused(Request<?> request, int errno) {
        return KernelException.of(request.spec().command(), request.device(), errno,
                request.sent() == null ? null : request.sent().get());
    }

    private static String describe(Request<?> request) {
        return request.spec().command().kernelName() + (request.device() == null ? "" : " on " + request.device());
    }

    private static UnexpectedReplyException unexpected(Request<?> request, String why, Throwable cause) {
        String message = describe(request) + ": " + why;
        return cause == null ? new UnexpectedReplyException(message) : new UnexpectedReplyException(message, cause);
    }

    /** How many replies this process asked for again because their count and records disagreed. */
    public static long mismatchesRetried() {
        return MISMATCHES_RETRIED.sum();
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
                throw closedException();
            }
            if (state.compareAndSet(s, s + 2)) {
                return;
            }
        }
    }

    public ClosedException closedException() {
        return new ClosedException("the device-mapper control descriptor (" + path + ") is closed");
    }

    public void exit() {
        if (state.addAndGet(-2) == 1) {
            closeFd();
        }
    }

    /**
     * Final. The descriptor is closed now, or by the last call still in flight when it returns; the
     * descriptors {@link #reopen()} made are closed too, so that waits on them end.
     */
    @Override
    public void close() {
        while (true) {
            int s = state.get();
            if ((s & 1) != 0) {
                return;
            }
            if (state.compareAndSet(s, s | 1)) {
                for (ControlDevice child : children) {
                    child.close();
                }
                if (parent != null) {
                    parent.children.remove(this);
                }
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
        if (fdClosed.compareAndSet(false, true)) {
            sys.close(fd);
        }
    }
}
