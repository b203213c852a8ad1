package io.jdm.bench.jmh;

import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.NodePolicy;
import io.jdm.ioctl.IoctlDeviceMapper;
import io.jdm.ioctl.internal.CommandSpec;
import io.jdm.ioctl.internal.ControlDevice;
import io.jdm.ioctl.internal.DmFlags;
import io.jdm.ioctl.internal.Syscalls;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

import static io.jdm.ioctl.internal.DmStructs.IOCTL_DATA_SIZE;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_DEV;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_FLAGS;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_MIN_DATA_SIZE;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_OPEN_COUNT;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_SIZE;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_TARGET_COUNT;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_VERSION;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The kernel's part in a userspace benchmark of the whole call path: it answers every command at once
 * and allocates nothing, so whatever a benchmark measures (time and bytes) is jdm's own. LIST_DEVICES
 * and TABLE_STATUS replay a prepared reply (copying it, as the kernel's copy_to_user does) and say
 * BUFFER_FULL when the caller's buffer is too small, which exercises the buffer growth.
 */
public final class ReplayKernel implements Syscalls {
    private static final long DEV_253_0 = 253L << 8;

    private final MemorySegment listReply;
    private final MemorySegment statusReply;

    /** Replies may be null when the benchmark does not ask for them. */
    public ReplayKernel(MemorySegment listReply, MemorySegment statusReply) {
        this.listReply = listReply;
        this.statusReply = statusReply;
    }

    @Override
    public int open(Path path) {
        return 3;
    }

    @Override
    public int close(int fd) {
        return 0;
    }

    @Override
    public int poll(int fd, short events, int timeoutMillis) {
        return 0;
    }

    @Override
    public int ioctl(int fd, long request, MemorySegment buffer) {
        buffer.set(JAVA_INT, IOCTL_VERSION, 4);
        buffer.set(JAVA_INT, IOCTL_VERSION + 4, 47);
        buffer.set(JAVA_INT, IOCTL_VERSION + 8, 0);
        CommandSpec command = CommandSpec.ofRequest(request);
        if (command == null) {
            return -25; // ENOTTY
        }
        return switch (command) {
            case VERSION -> 0;
            case LIST_DEVICES -> replay(listReply, buffer);
            case TABLE_STATUS -> replay(statusReply, buffer);
            default -> {
                // __dev_status(): the device's number, counts and state flags; no data comes back
                buffer.set(JAVA_INT, IOCTL_DATA_SIZE, IOCTL_MIN_DATA_SIZE);
                buffer.set(JAVA_LONG, IOCTL_DEV, DEV_253_0);
                buffer.set(JAVA_INT, IOCTL_OPEN_COUNT, 0);
                int flags = buffer.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.ACTIVE_PRESENT;
                buffer.set(JAVA_INT, IOCTL_FLAGS, command == CommandSpec.TABLE_LOAD ? flags | DmFlags.INACTIVE_PRESENT : flags);
                yield 0;
            }
        };
    }

    private static int replay(MemorySegment reply, MemorySegment buffer) {
        if (reply == null) {
            return -25; // ENOTTY: this benchmark did not prepare a reply
        }
        int replySize = reply.get(JAVA_INT, IOCTL_DATA_SIZE);
        if (replySize > buffer.get(JAVA_INT, IOCTL_DATA_SIZE)) {
            buffer.set(JAVA_INT, IOCTL_DATA_SIZE, IOCTL_MIN_DATA_SIZE);
            buffer.set(JAVA_INT, IOCTL_FLAGS, buffer.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.BUFFER_FULL);
            return 0;
        }
        MemorySegment.copy(reply, IOCTL_SIZE, buffer, IOCTL_SIZE, replySize - IOCTL_SIZE);
        buffer.set(JAVA_INT, IOCTL_DATA_SIZE, replySize);
        buffer.set(JAVA_INT, IOCTL_TARGET_COUNT, reply.get(JAVA_INT, IOCTL_TARGET_COUNT));
        buffer.set(JAVA_INT, IOCTL_FLAGS, buffer.get(JAVA_INT, IOCTL_FLAGS) | reply.get(JAVA_INT, IOCTL_FLAGS));
        return 0;
    }

    /** An {@link IoctlDeviceMapper} whose kernel is {@code kernel}, through dm-ioctl's seam for simulated kernels. Nodes are never made. */
    public static IoctlDeviceMapper deviceMapper(Syscalls kernel) {
        DeviceMapperOptions options = DeviceMapperOptions.defaults().withNodePolicy(NodePolicy.NEVER);
        return IoctlDeviceMapper.over(ControlDevice.simulated(kernel, options.maxBufferBytes()), options);
    }
}
