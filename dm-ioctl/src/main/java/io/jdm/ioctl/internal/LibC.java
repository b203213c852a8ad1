package io.jdm.ioctl.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C-shaped layer: the few libc functions jdm calls, bound once, each returning its result or
 * {@code -errno}. No policy lives here.
 *
 * <p>errno is captured by the linker into a per-thread segment that is allocated once per thread and
 * reused, so a call allocates nothing and no thread can see another's errno.
 */
public final class LibC {
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_CLOEXEC = 0x80000;
    /** With no O_CREAT, on a block device: fail with EBUSY if it is mounted or claimed by another exclusive opener. */
    public static final int O_EXCL = 0x80;
    public static final int O_DIRECT = 0x4000;
    public static final short POLLIN = 0x1;
    public static final int S_IFBLK = 0x6000;
    public static final int EINTR = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    // Each function is linked on first use, in a holder class of its own: linking a downcall spins
    // classes and costs milliseconds (seconds under emulation), and most programs use three of them.
    private static final class Ioctl {
        static final MethodHandle HANDLE = bind("ioctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    }

    private static final class IoctlInt {
        static final MethodHandle HANDLE = bind("ioctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    }

    private static final class Open {
        static final MethodHandle HANDLE = bind("open",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    }

    private static final class Close {
        static final MethodHandle HANDLE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    }

    private static final class Poll {
        static final MethodHandle HANDLE = bind("poll",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    }

    private static final class Mknod {
        static final MethodHandle HANDLE = bind("mknod",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    }

    private static final class Pread {
        static final MethodHandle HANDLE = bind("pread",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    }

    private static final class Pwrite {
        static final MethodHandle HANDLE = bind("pwrite",
                FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    }

    private static final class Fsync {
        static final MethodHandle HANDLE = bind("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    }

    private static final class Mount {
        static final MethodHandle HANDLE = bind("mount",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), CAPTURE_ERRNO);
    }

    private static final class Umount2 {
        static final MethodHandle HANDLE = bind("umount2",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    }

    /** One capture segment and one pollfd per thread, made on first use and kept. */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT.byteSize() + 8, 8));

    private LibC() {
    }

    private static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new LinkageError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static MemorySegment capture() {
        return SCRATCH.get();
    }

    private static int result(int r, MemorySegment capture) {
        return r < 0 ? -(int) ERRNO.get(capture, 0L) : r;
    }

    /** {@code ioctl(fd, request, arg)}: the result, or {@code -errno}. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        MemorySegment capture = capture();
        try {
            return result((int) Ioctl.HANDLE.invokeExact(capture, fd, request, arg), capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code ioctl(fd, request, value)} for requests whose argument is a number, not a pointer. */
    public static int ioctl(int fd, long request, long value) {
        MemorySegment capture = capture();
        try {
            return result((int) IoctlInt.HANDLE.invokeExact(capture, fd, request, value), capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code open(path, flags, mode)}: the descriptor, or {@code -errno}. */
    public static int open(String path, int flags) {
        MemorySegment capture = capture();
        try (Arena arena = Arena.ofConfined()) {
            return result((int) Open.HANDLE.invokeExact(capture, arena.allocateFrom(path), flags, 0), capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code pread(fd, buffer, buffer.byteSize(), offset)}: the bytes read, or {@code -errno}. */
    public static long pread(int fd, MemorySegment buffer, long offset) {
        MemorySegment capture = capture();
        try {
            long r = (long) Pread.HANDLE.invokeExact(capture, fd, buffer, buffer.byteSize(), offset);
            return r < 0 ? -(int) ERRNO.get(capture, 0L) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code pwrite(fd, buffer, buffer.byteSize(), offset)}: the bytes written, or {@code -errno}. */
    public static long pwrite(int fd, MemorySegment buffer, long offset) {
        MemorySegment capture = capture();
        try {
            long r = (long) Pwrite.HANDLE.invokeExact(capture, fd, buffer, buffer.byteSize(), offset);
            return r < 0 ? -(int) ERRNO.get(capture, 0L) : r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code fsync(fd)}: 0, or {@code -errno}. */
    public static int fsync(int fd) {
        MemorySegment capture = capture();
        try {
            return result((int) Fsync.HANDLE.invokeExact(capture, fd), capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code mount(source, target, fsType, flags, data)}: 0, or {@code -errno}. {@code source}, {@code fsType}
     * and {@code data} may be {@code null} (passed as NULL).
     */
    public static int mount(String source, String target, String fsType, long flags, String data) {
        MemorySegment capture = capture();
        try (Arena arena = Arena.ofConfined()) {
            return result((int) Mount.HANDLE.invokeExact(capture, cString(arena, source), arena.allocateFrom(target),
                    cString(arena, fsType), flags, cString(arena, data)), capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code umount2(target, flags)}: 0, or {@code -errno}. */
    public static int umount2(String target, int flags) {
        MemorySegment capture = capture();
        try (Arena arena = Arena.ofConfined()) {
            return result((int) Umount2.HANDLE.invokeExact(capture, arena.allocateFrom(target), flags), capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MemorySegment cString(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s);
    }

    /** {@code close(fd)}: 0, or {@code -errno}. */
    public static int close(int fd) {
        MemorySegment capture = capture();
        try {
            return result((int) Close.HANDLE.invokeExact(capture, fd), capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code poll} on one descriptor for {@code events}: the revents (0 on timeout), or {@code -errno}.
     */
    public static int pollOne(int fd, short events, int timeoutMillis) {
        MemorySegment capture = capture();
        MemorySegment pollfd = capture.asSlice(CAPTURE_LAYOUT.byteSize(), 8);
        pollfd.set(JAVA_INT, 0, fd);
        pollfd.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 4, events);
        pollfd.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 6, (short) 0);
        try {
            int r = result((int) Poll.HANDLE.invokeExact(capture, pollfd, 1L, timeoutMillis), capture);
            return r <= 0 ? r : pollfd.get(java.lang.foreign.ValueLayout.JAVA_SHORT, 6) & 0xffff;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code mknod(path, mode, makedev(major, minor))}: 0, or {@code -errno}. */
    public static int mknod(String path, int mode, int major, int minor) {
        MemorySegment capture = capture();
        // glibc's makedev; for majors below 4096 and minors below 2^20 it equals the kernel's new encoding
        long dev = ((long) (major & 0xfffff000) << 32) | ((major & 0xfffL) << 8)
                | ((long) (minor & 0xffffff00) << 12) | (minor & 0xffL);
        try (Arena arena = Arena.ofConfined()) {
            return result((int) Mknod.HANDLE.invokeExact(capture, arena.allocateFrom(path), mode, dev), capture);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("native call failed", t);
    }
}
