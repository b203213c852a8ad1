package io.jdm.kerneltests;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceExistsException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.KernelException;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.api.RemoveOptions;
import io.jdm.api.RemoveOutcome;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;
import io.jdm.ioctl.internal.DeviceNodes;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@KernelTest
class DeviceLifecycleKernelTest {

    @Test
    void versionIsInterfaceFour(DeviceMapper dm) {
        assertEquals(4, dm.version().major());
        assertEquals(dm.kernelVersion(), dm.version());
        assertTrue(dm.version().minor() >= 36, "test kernels have ARM_POLL: " + dm.version());
    }

    @Test
    void createWithUuidAndPersistentMinor(DeviceMapper dm, DmScratch s) {
        DeviceName name = s.name("a");
        DeviceInfo created = dm.create(name, CreateOptions.defaults().withUuid(s.prefix() + "uuid").withMinor(4000));
        assertEquals(name, created.name());
        assertEquals(4000, created.number().minor());
        assertEquals(s.prefix() + "uuid", created.uuid().orElseThrow().value());
        assertFalse(created.hasLiveTable());
        assertFalse(created.suspended(), "a fresh device is not suspended");

        DeviceInfo byUuid = dm.info(DeviceRef.uuid(s.prefix() + "uuid"));
        DeviceInfo byNumber = dm.info(DeviceRef.number(created.number()));
        assertEquals(name, byUuid.name());
        assertEquals(name, byNumber.name());

        assertThrows(DeviceExistsException.class, () -> dm.create(name));
        assertThrows(DeviceExistsException.class,
                () -> dm.create(s.name("b"), CreateOptions.defaults().withUuid(s.prefix() + "uuid")));
        // a taken persistent minor: the kernel's alloc_dev failure surfaces as ENXIO
        KernelException taken = assertThrows(KernelException.class,
                () -> dm.create(s.name("c"), CreateOptions.defaults().withMinor(4000)));
        assertEquals("ENXIO", taken.errnoName(), taken.getMessage());
        s.expectNoLeftovers();
        assertEquals(RemoveOutcome.REMOVED, dm.remove(DeviceRef.name(name)));
        assertThrows(NoSuchDeviceException.class, () -> dm.info(DeviceRef.name(name)));
    }

    @Test
    void missingDevicesAreNoSuchDevice(DeviceMapper dm, DmScratch s) {
        DeviceRef ghost = DeviceRef.name(s.name("ghost"));
        NoSuchDeviceException e = assertThrows(NoSuchDeviceException.class, () -> dm.info(ghost));
        assertEquals("ENXIO", e.errnoName());
        assertTrue(e.getMessage().contains("DM_DEV_STATUS on name '" + s.prefix() + "ghost'"), e.getMessage());
        assertThrows(NoSuchDeviceException.class, () -> dm.remove(ghost));
        assertThrows(NoSuchDeviceException.class, () -> dm.suspend(ghost));
        assertThrows(NoSuchDeviceException.class, () -> dm.status(ghost));
        assertThrows(NoSuchDeviceException.class, () -> dm.rename(s.name("ghost"), s.name("other")));
    }

    @Test
    void renameAndSetUuidOnce(DeviceMapper dm, DmScratch s) {
        dm.create(s.name("old"));
        dm.create(s.name("taken"));
        DeviceInfo renamed = dm.rename(s.name("old"), s.name("new"));
        assertEquals(s.name("new"), renamed.name());
        assertThrows(NoSuchDeviceException.class, () -> dm.info(DeviceRef.name(s.name("old"))));
        assertThrows(DeviceExistsException.class, () -> dm.rename(s.name("new"), s.name("taken")));

        DeviceInfo withUuid = dm.setUuid(s.name("new"), io.jdm.api.DeviceUuid.of(s.prefix() + "u1"));
        assertEquals(s.prefix() + "u1", withUuid.uuid().orElseThrow().value());
        InvalidArgumentException again = assertThrows(InvalidArgumentException.class,
                () -> dm.setUuid(s.name("new"), io.jdm.api.DeviceUuid.of(s.prefix() + "u2")));
        assertTrue(again.getMessage().contains("u2"), again.getMessage());
    }

    @Test
    void suspendAndResumeShowInInfo(DeviceMapper dm, DmScratch s) {
        DeviceRef ref = DeviceRef.name(s.name("z"));
        dm.createWithTable(s.name("z"), Table.of(2048, "zero", ""));
        DeviceInfo suspended = dm.suspend(ref, SuspendOptions.defaults().withNoFlush(true).withSkipLockfs(true));
        assertTrue(suspended.suspended());
        assertTrue(dm.info(ref).suspended());
        assertTrue(dm.suspend(ref).suspended(), "suspending a suspended device is a no-op");
        DeviceInfo resumed = dm.resume(ref);
        assertFalse(resumed.suspended());
        assertTrue(resumed.hasLiveTable());
        assertFalse(dm.info(ref).suspended());
    }

    @Test
    void createWithTableRollsBackWhenTheKernelRefusesTheTable(DeviceMapper dm, DmScratch s) {
        s.expectNoLeftovers();
        // the create succeeds, then zero's constructor refuses any argument (EINVAL)
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class,
                () -> dm.createWithTable(s.name("half"), Table.of(100, "zero", "unexpected")));
        assertEquals("0 100 zero unexpected", e.sent().orElseThrow());
        assertThrows(NoSuchDeviceException.class, () -> dm.info(DeviceRef.name(s.name("half"))));
        s.assertNothingLeft();
    }

    @Test
    @SuppressWarnings("try") // the channel is held open, never read
    void removingAnOpenDeviceIsBusyThenDeferred(DeviceMapper dm, DmScratch s) throws Exception {
        DeviceInfo info = dm.createWithTable(s.name("open"), Table.of(2048, "zero", ""));
        DeviceRef ref = DeviceRef.name(s.name("open"));
        Path node = dm.devicePath(info);
        try (FileChannel held = FileChannel.open(node, StandardOpenOption.READ)) {
            assertEquals(1, dm.info(ref).openCount());
            DeviceBusyException busy = assertThrows(DeviceBusyException.class, () -> dm.remove(ref));
            assertEquals("EBUSY", busy.errnoName());
            // a bounded retry still fails, after trying
            assertThrows(DeviceBusyException.class,
                    () -> dm.remove(ref, RemoveOptions.defaults().withBusyRetries(2, Duration.ofMillis(10))));
            assertEquals(RemoveOutcome.DEFERRED, dm.remove(ref, RemoveOptions.defaults().withDeferred(true)));
            assertTrue(dm.info(ref).deferredRemove());
        }
        // the last close removes it
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (dm.list().stream().anyMatch(d -> d.name().equals(s.name("open")))) {
            assertTrue(System.nanoTime() < deadline, "deferred removal did not happen after the last close");
            Thread.sleep(20);
        }
    }

    @Test
    void namedNodeFollowsTheDeviceWhenNoUdevRuns(DeviceMapper dm, DmScratch s) {
        KernelHost.assumeNoUdev();
        DeviceInfo info = dm.createWithTable(s.name("node"), Table.of(2048, "zero", ""));
        Path named = Path.of("/dev/mapper", s.prefix() + "node");
        assertEquals(named, dm.devicePath(info));
        assertEquals(info.number(), DeviceNodes.rdev(named));
        dm.rename(s.name("node"), s.name("moved"));
        assertFalse(Files.exists(named));
        assertEquals(info.number(), DeviceNodes.rdev(Path.of("/dev/mapper", s.prefix() + "moved")));
        dm.remove(DeviceRef.name(s.name("moved")));
        assertFalse(Files.exists(Path.of("/dev/mapper", s.prefix() + "moved")));
    }

    @Test
    void deviceNumberReadBackMatchesTheBlockNode(DeviceMapper dm, DmScratch s) {
        DeviceInfo info = dm.createWithTable(s.name("dev"), Table.of(8, "zero", ""));
        DeviceNumber fromKernelNode = DeviceNodes.rdev(Path.of("/dev/dm-" + info.number().minor()));
        assertEquals(info.number(), fromKernelNode);
    }
}
