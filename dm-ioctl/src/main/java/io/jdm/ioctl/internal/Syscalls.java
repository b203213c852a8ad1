package io.jdm.ioctl.internal;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * The system calls a control descriptor needs, C-shaped (raw ints, {@code -errno} for failure), so that
 * a simulated kernel can stand in for libc in unit tests and benchmarks. {@link #LIBC} is the real one.
 */
public interface Syscalls {
    /** {@code open(path, O_RDWR | O_CLOEXEC)}: a descriptor, or {@code -errno}. */
    int open(Path path);

    /** {@code ioctl(fd, request, buffer)}: the result, or {@code -errno}. */
    int ioctl(int fd, long request, MemorySegment buffer);

    /** {@code poll} on one descriptor: the revents, 0 on timeout, or {@code -errno}. */
    int poll(int fd, short events, int timeoutMillis);

    /** {@code close(fd)}: 0, or {@code -errno}. */
    int close(int fd);

    /** libc, through {@link LibC}. */
    Syscalls LIBC = new Syscalls() {
        @Override
        public int open(Path path) {
            return LibC.open(path.toString(), LibC.O_RDWR | LibC.O_CLOEXEC);
        }

        @Override
        public int ioctl(int fd, long request, MemorySegment buffer) {
            return LibC.ioctl(fd, request, buffer);
        }

        @Override
        public int poll(int fd, short events, int timeoutMillis) {
            return LibC.pollOne(fd, events, timeoutMillis);
        }

        @Override
        public int close(int fd) {
            return LibC.close(fd);
        }
    };
}
