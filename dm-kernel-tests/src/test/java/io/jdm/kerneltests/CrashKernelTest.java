package io.jdm.kerneltests;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.KernelException;
import io.jdm.api.ListedDevice;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.ChildJvm;
import io.jdm.testkit.CrashPoint;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.HostTool;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Child JVMs killed with SIGKILL at each step of a multi-call operation: after a create, after a load,
 * between the suspend and the resume of {@code ThinPool.createSnap} (the origin left suspended), after
 * a {@code create_thin}, in the middle of a loop attach. Then the recovery the README documents (an
 * operator's {@code jdm ls / info / resume / remove}) leaves no suspended device, the loop is cleared by
 * the kernel itself, and the volume that existed before reads back with the same checksum.
 */
@KernelTest
class CrashKernelTest {
    private static final long MIB = 1024 * 1024;

    private static CrashPoint.Child start(String point, String... args) throws IOException {
        List<String> command = ChildJvm.command(e -> e.contains("dm-api") || e.contains("dm-ioctl") || e.contains("dm-targets")
                || e.contains("dm-testkit") || e.endsWith("test-classes"), CrashChild.class, point);
        command.addAll(List.of(args));
        return CrashPoint.start(command, point);
    }

    /**
     * What the README tells an operator to run after a crash, for the devices of the crashed program
     * (here: those with the prefix): {@code jdm info} each; {@code jdm resume} one that is suspended
     * (after {@code jdm clear} if it also holds an inactive table: the live table it had is kept);
     * {@code jdm remove} one without a live table (created, or loaded but never resumed).
     */
    private static List<String> recover(DeviceMapper dm, String prefix) {
        List<String> done = new ArrayList<>();
        for (ListedDevice d : dm.list()) {
            if (!d.name().value().startsWith(prefix)) {
                continue;
            }
            DeviceInfo info = dm.info(d.ref());
            if (info.suspended() && info.hasLiveTable()) {
                if (info.hasInactiveTable()) {
                    dm.clear(d.ref());
                    done.add("clear " + d.name());
                }
                dm.resume(d.ref());
                done.add("resume " + d.name());
            } else if (!info.hasLiveTable()) {
                dm.remove(d.ref());
                done.add("remove " + d.name());
            }
        }
        return done;
    }

    @Test
    void aChildKilledAtEveryStepLeavesWhatTheDocumentedRecoveryCleansUp(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice metaLoop = s.loop(8 * MIB);
        LoopDevice dataLoop = s.loop(64 * MIB);
        DeviceInfo pool = dm.createWithTable(s.name("pool"), Table.of(ThinPoolTarget.of(BlockDev.of(metaLoop.number()),
                BlockDev.of(dataLoop.number()), 128, 0).line(0, 64 * MIB / 512)));
        ThinPool thinPool = ThinPool.of(dm, pool.ref());
        thinPool.createThin(0);
        DeviceInfo volume = dm.createWithTable(s.name("vol"), Table.of(ThinTarget.of(BlockDev.of(pool.number()), 0).line(0, 16 * MIB / 512)));
        BlockIo.write(dm.devicePath(volume), 0, BlockIo.pattern(7, (int) (4 * MIB)));
        String checksum = BlockIo.sha256(BlockIo.read(dm.devicePath(volume), 0, (int) (4 * MIB)));
        Path attachFile = LoopControl.createSparseFile(s.tempDir().resolve("attach.img"), 4 * MIB).toAbsolutePath();

        long started = System.nanoTime();
        List<CrashPoint.Child> children = List.of(
                start("after-create", s.prefix() + "c1"),
                start("after-load", s.prefix() + "c2"),
                start("snap-suspended", s.prefix() + "pool", s.prefix() + "vol"),
                start("after-create-thin", s.prefix() + "pool"),
                start("loop-attach", attachFile.toString()));
        try {
            for (CrashPoint.Child c : children) {
                c.awaitAndKill(Duration.ofMinutes(5)); // a guard against a child that hangs, not a measure
                System.out.println("crash point " + c.step() + " killed after " + (System.nanoTime() - started) / 1_000_000 + " ms");
            }
        } finally {
            children.forEach(c -> c.process().destroyForcibly());
        }

        // what the crashes left behind
        assertFalse(dm.info(DeviceRef.name(s.name("c1"))).hasLiveTable(), "after-create: a device without a table");
        DeviceInfo c2 = dm.info(DeviceRef.name(s.name("c2")));
        assertTrue(!c2.hasLiveTable() && c2.hasInactiveTable(), "after-load: a device with only an inactive table");
        assertTrue(dm.info(volume.ref()).suspended(), "snap-suspended: the origin is left suspended");
        KernelException exists = assertThrows(KernelException.class, () -> thinPool.createThin(2), "after-create-thin: id 2 exists");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (KernelHost.loopAttachedTo(attachFile)) { // loop-attach: auto-clear detaches it on the dead process's last close
            assertTrue(System.nanoTime() < deadline, "the half-attached loop was not cleared");
            Thread.sleep(50);
        }

        // the recovery of the README: resume what is suspended, remove what has no live table
        List<String> done = recover(dm, s.prefix());
        for (ListedDevice d : s.devices()) {
            DeviceInfo info = dm.info(d.ref());
            assertFalse(info.suspended(), d.name() + " is still suspended");
            assertTrue(info.hasLiveTable(), d.name() + " has no live table");
        }
        assertEquals(List.of(s.name("pool"), s.name("vol")), s.devices().stream().map(ListedDevice::name).sorted().toList());
        assertEquals(checksum, BlockIo.sha256(BlockIo.read(dm.devicePath(volume), 0, (int) (4 * MIB))), "the volume's data changed");
        thinPool.delete(2); // the operator's call: the thin device nobody activated
        thinPool.createSnap(1, 0, volume.ref()); // the snapshot the killed child never took
        dm.remove(volume.ref());
        dm.remove(pool.ref());
        HostTool.Result check = HostTool.result("thin_check", metaLoop.path().toString());
        assertEquals(0, check.exit(), check.output());
        System.out.println("crashes: 5 child JVMs killed (after create, after load, between suspend and resume of createSnap,"
                + " after create_thin (" + exists.errnoName() + " on a second create), mid loop attach); recovery: " + done
                + "; volume checksum unchanged; thin_check clean");
    }
}
