package io.jdm.bench.jmh;

import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.NodePolicy;
import io.jdm.ioctl.IoctlDeviceMapper;
import io.jdm.ioctl.internal.ControlDevice;
import io.jdm.ioctl.internal.DmFlags;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static io.jdm.ioctl.internal.DmStructs.IOCTL_DATA_SIZE;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_DEV;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_FLAGS;
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
public final class ReplayKernel implements ControlDevice.Ioctl {
    private static final int LIST_DEVICES = 2;
    private static final int TABLE_LOAD = 9;
    private static final int TABLE_STATUS = 12;
    private static final long DEV_253_0 = 253L << 8;

    private final MemorySegment listReply;
    private final MemorySegment statusReply;

    /** Replies may be null when the benchmark does not ask for them. */
    public ReplayKernel(MemorySegment listReply, MemorySegment statusReply) {
        this.listReply = listReply;
        this.statusReply = statusReply;
    }

    @Override
    public int call(int fd, long request, MemorySegment buffer) {
        buffer.set(JAVA_INT, IOCTL_VERSION, 4);
        buffer.set(JAVA_INT, IOCTL_VERSION + 4, 47);
        buffer.set(JAVA_INT, IOCTL_VERSION + 8, 0);
        int nr = (int) (request & 0xff);
        return switch (nr) {
            case 0 -> 0;
            case LIST_DEVICES -> replay(listReply, buffer);
            case TABLE_STATUS -> replay(statusReply, buffer);
            default -> {
                // __dev_status(): the device's number, counts and state flags
                buffer.set(JAVA_LONG, IOCTL_DEV, DEV_253_0);
                buffer.set(JAVA_INT, IOCTL_OPEN_COUNT, 0);
                int flags = buffer.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.ACTIVE_PRESENT;
                buffer.set(JAVA_INT, IOCTL_FLAGS, nr == TABLE_LOAD ? flags | DmFlags.INACTIVE_PRESENT : flags);
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
            buffer.set(JAVA_INT, IOCTL_FLAGS, buffer.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.BUFFER_FULL);
            return 0;
        }
        MemorySegment.copy(reply, IOCTL_SIZE, buffer, IOCTL_SIZE, replySize - IOCTL_SIZE);
        buffer.set(JAVA_INT, IOCTL_DATA_SIZE, replySize);
        buffer.set(JAVA_INT, IOCTL_TARGET_COUNT, reply.get(JAVA_INT, IOCTL_TARGET_COUNT));
        buffer.set(JAVA_INT, IOCTL_FLAGS, buffer.get(JAVA_INT, IOCTL_FLAGS) | reply.get(JAVA_INT, IOCTL_FLAGS));
        return 0;
    }

    /**
     * An {@link IoctlDeviceMapper} whose kernel is {@code ioctl}. The factory for a given control device
     * is package-private in dm-ioctl (it is for its unit tests); the benchmark reaches it reflectively
     * rather than reimplementing the call path it wants to measure. Nodes are never made.
     */
    public static IoctlDeviceMapper deviceMapper(ControlDevice.Ioctl ioctl) {
        DeviceMapperOptions options = DeviceMapperOptions.defaults().withNodePolicy(NodePolicy.NEVER);
        ControlDevice control = ControlDevice.simulated(ioctl, options.maxBufferBytes());
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(IoctlDeviceMapper.class, MethodHandles.lookup());
            MethodHandle over = lookup.findStatic(IoctlDeviceMapper.class, "over",
                    MethodType.methodType(IoctlDeviceMapper.class, ControlDevice.class, DeviceMapperOptions.class));
            return (IoctlDeviceMapper) over.invokeExact(control, options);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot reach IoctlDeviceMapper.over(ControlDevice, DeviceMapperOptions)", e);
        }
    }
}
