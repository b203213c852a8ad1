package io.jdm.kerneltests;

import io.jdm.api.DeviceMapperOptions;
import io.jdm.ioctl.IoctlDeviceMapper;
import io.jdm.ioctl.internal.CommandSpec;
import io.jdm.ioctl.internal.ControlDevice;
import io.jdm.ioctl.internal.DmFlags;
import io.jdm.ioctl.internal.DmStructs;
import io.jdm.ioctl.internal.Syscalls;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** libc's calls on the real control node, counted: what a test of "nothing was sent" counts. */
final class CountingSyscalls implements Syscalls {
    private final AtomicInteger ioctls = new AtomicInteger();
    private final java.util.Map<CommandSpec, AtomicInteger> byCommand = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger secure = new AtomicInteger();
    private final AtomicInteger closes = new AtomicInteger();

    /** A device mapper on /dev/mapper/control whose every call goes through this counter. */
    IoctlDeviceMapper deviceMapper() {
        DeviceMapperOptions options = DeviceMapperOptions.defaults();
        return IoctlDeviceMapper.over(ControlDevice.open(this, options.controlPath(), options.maxBufferBytes()), options);
    }

    /** The ioctls made, VERSION at open included. */
    int ioctls() {
        return ioctls.get();
    }

    /** The ioctls of one command made so far (counted as they go in, before the kernel answers). */
    int ioctls(CommandSpec command) {
        AtomicInteger n = byCommand.get(command);
        return n == null ? 0 : n.get();
    }

    /** Of those, how many asked for DM_SECURE_DATA_FLAG. */
    int secureOnes() {
        return secure.get();
    }

    int closes() {
        return closes.get();
    }

    @Override
    public int open(Path path) {
        return LIBC.open(path);
    }

    @Override
    public int ioctl(int fd, long request, MemorySegment buffer) {
        ioctls.incrementAndGet();
        CommandSpec command = CommandSpec.ofRequest(request);
        if (command != null) {
            byCommand.computeIfAbsent(command, c -> new AtomicInteger()).incrementAndGet();
            if ((buffer.get(JAVA_INT, DmStructs.IOCTL_FLAGS) & DmFlags.SECURE_DATA) != 0) {
                secure.incrementAndGet();
            }
        }
        return LIBC.ioctl(fd, request, buffer);
    }

    @Override
    public int poll(int fd, short events, int timeoutMillis) {
        return LIBC.poll(fd, events, timeoutMillis);
    }

    @Override
    public int close(int fd) {
        closes.incrementAndGet();
        return LIBC.close(fd);
    }
}
