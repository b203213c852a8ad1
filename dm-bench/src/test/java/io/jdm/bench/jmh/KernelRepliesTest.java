package io.jdm.bench.jmh;

import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.api.TargetStatus;
import io.jdm.ioctl.IoctlDeviceMapper;
import io.jdm.ioctl.internal.HeaderCodec;
import io.jdm.ioctl.internal.ListCodec;
import io.jdm.ioctl.internal.TableCodec;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

import static io.jdm.ioctl.internal.DmStructs.IOCTL_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The benchmarks' inputs are what they claim to be: jdm's own decoders read the fabricated replies
 * back to the devices and targets they were made from, directly and through the whole call path
 * (which has to grow its buffer several times to take them).
 */
class KernelRepliesTest {
    @Test
    void listDevicesReplyDecodesToTheDevices() {
        List<KernelReplies.Listed> devices = KernelReplies.manyDevices(2000);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment reply = KernelReplies.listDevices(devices, arena);
            List<ListedDevice> decoded = ListCodec.readDevices(reply, IOCTL_SIZE, HeaderCodec.dataSize(reply), true);
            assertEquals(devices.size(), decoded.size());
            for (int i = 0; i < devices.size(); i++) {
                KernelReplies.Listed d = devices.get(i);
                ListedDevice got = decoded.get(i);
                assertEquals(d.name(), got.name().value());
                assertEquals(d.uuid(), got.uuid().orElseThrow().value());
                assertEquals(DeviceNumber.decode(d.encodedDev()), got.number());
                assertEquals(d.eventNr(), got.eventNr().orElseThrow());
            }
            IoctlDeviceMapper dm = ReplayKernel.deviceMapper(new ReplayKernel(reply, null));
            assertEquals(decoded, dm.list());
        }
    }

    @Test
    void tableStatusReplyDecodesToTheTargets() {
        List<KernelReplies.Target> targets = KernelReplies.manyThinStatuses(1000);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment reply = KernelReplies.tableStatus(targets, arena);
            List<TargetStatus> decoded = TableCodec.read(reply, IOCTL_SIZE, targets.size(), HeaderCodec.dataSize(reply));
            assertEquals(targets.size(), decoded.size());
            for (int i = 0; i < targets.size(); i++) {
                KernelReplies.Target t = targets.get(i);
                assertEquals(new TargetStatus(t.start(), t.length(), t.type(), t.text()), decoded.get(i));
            }
            StatusReport viaCall = ReplayKernel.deviceMapper(new ReplayKernel(null, reply)).status(DeviceRef.name("x"));
            assertEquals(decoded, viaCall.targets());
            assertEquals("x", viaCall.info().name().value());
        }
    }

    @Test
    void loadGoesThroughTheReplayKernel() {
        IoctlDeviceMapper dm = ReplayKernel.deviceMapper(new ReplayKernel(null, null));
        var info = dm.load(DeviceRef.name("x"), Table.of(8, "zero", ""));
        assertEquals(true, info.hasInactiveTable());
        assertEquals(4, dm.version().major());
    }
}
