package io.jdm.targets.kernel;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.SnapshotMergeTarget;
import io.jdm.targets.SnapshotOriginTarget;
import io.jdm.targets.SnapshotPersistence;
import io.jdm.targets.SnapshotTarget;
import io.jdm.targets.TargetTable;
import io.jdm.targets.Targets;
import io.jdm.targets.status.SnapshotStatus;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static io.jdm.targets.kernel.Kernel.MIB;
import static io.jdm.targets.kernel.Kernel.dev;
import static io.jdm.targets.kernel.Kernel.onlyStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The classic snapshot: copy-on-write proven with checksums, then merged back with snapshot-merge. */
@KernelTest
class SnapshotDataKernelTest {

    @Test
    void copyOnWriteThenMergeBack(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice base = s.loop(8 * MIB);
        LoopDevice cow = s.loop(4 * MIB);
        long sectors = 8 * MIB / 512;
        DeviceInfo origin = Kernel.create(dm, s, "origin", Targets.table().add(sectors, new SnapshotOriginTarget(dev(base))).build());
        Path originNode = dm.devicePath(origin);
        byte[] old = BlockIo.pattern(5, (int) MIB);
        BlockIo.write(originNode, 2 * MIB, old);

        SnapshotTarget snapTarget = SnapshotTarget.of(dev(base), dev(cow), SnapshotPersistence.PERSISTENT, 16);
        dm.suspend(origin.ref()); // the origin is suspended while a snapshot of it is loaded
        DeviceInfo snap;
        try {
            snap = Kernel.create(dm, s, "snap", Targets.table().add(sectors, snapTarget).build());
        } finally {
            dm.resume(origin.ref());
        }

        byte[] fresh = BlockIo.pattern(6, (int) MIB);
        BlockIo.write(originNode, 2 * MIB, fresh);
        assertEquals(BlockIo.sha256(fresh), BlockIo.sha256(BlockIo.read(originNode, 2 * MIB, (int) MIB)));
        assertEquals(BlockIo.sha256(old), BlockIo.sha256(BlockIo.read(dm.devicePath(snap), 2 * MIB, (int) MIB)));
        SnapshotStatus.Usage usage = assertInstanceOf(SnapshotStatus.Usage.class,
                SnapshotStatus.parse(onlyStatus(dm, snap.ref()).text()).orElseThrow());
        assertTrue(usage.allocatedSectors() >= MIB / 512, usage.toString());

        // merge: drop the snapshot device (its exceptions stay on the COW), swap the origin's table for snapshot-merge
        dm.remove(snap.ref());
        TargetTable merge = Targets.table().add(sectors, new SnapshotMergeTarget(dev(base), dev(cow),
                SnapshotPersistence.PERSISTENT, 16, false, false)).build();
        dm.suspend(origin.ref());
        dm.load(origin.ref(), merge.table());
        dm.resume(origin.ref());
        assertEquals(merge, Kernel.readBack(dm, origin.ref()));

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            SnapshotStatus st = SnapshotStatus.parse(onlyStatus(dm, origin.ref()).text()).orElseThrow();
            if (st instanceof SnapshotStatus.Usage u && u.mergeComplete()) {
                break;
            }
            if (!(st instanceof SnapshotStatus.Usage) || System.nanoTime() > deadline) {
                fail("merge did not complete: " + st);
            }
            Thread.sleep(100);
        }
        // the origin now holds the snapshot's data again
        assertEquals(BlockIo.sha256(old), BlockIo.sha256(BlockIo.read(originNode, 2 * MIB, (int) MIB)));
        dm.remove(origin.ref());
        assertEquals(BlockIo.sha256(old), BlockIo.sha256(BlockIo.readFile(base.backingFile(), 2 * MIB, (int) MIB)));
    }

    /**
     * A COW device too small for the writes. Writes to the origin that find no room invalidate the
     * snapshot, even a {@code PO} one (6.1: {@code __origin_write} always invalidates); only writes to a
     * {@code PO} snapshot itself that find no room give {@code Overflow}. The origin keeps working.
     */
    @Test
    void fullCowInvalidatesOrOverflows(DeviceMapper dm, DmScratch s) throws Exception {
        record Case(SnapshotPersistence p, boolean writeSnapshot, SnapshotStatus expected) {
        }
        List<Case> cases = List.of(new Case(SnapshotPersistence.PERSISTENT, false, new SnapshotStatus.Invalid()),
                new Case(SnapshotPersistence.PERSISTENT_OVERFLOW, false, new SnapshotStatus.Invalid()),
                new Case(SnapshotPersistence.PERSISTENT_OVERFLOW, true, new SnapshotStatus.Overflow()));
        int n = 0;
        for (Case c : cases) {
            n++;
            LoopDevice base = s.loop(8 * MIB);
            LoopDevice cow = s.loop(MIB / 2);
            long sectors = 8 * MIB / 512;
            DeviceInfo origin = Kernel.create(dm, s, "o" + n, Targets.table().add(sectors, new SnapshotOriginTarget(dev(base))).build());
            dm.suspend(origin.ref());
            DeviceInfo snap;
            try {
                snap = Kernel.create(dm, s, "s" + n, Targets.table().add(sectors, SnapshotTarget.of(dev(base), dev(cow), c.p(), 8)).build());
            } finally {
                dm.resume(origin.ref());
            }
            byte[] data = BlockIo.pattern(7, (int) (2 * MIB));
            if (c.writeSnapshot()) {
                try {
                    BlockIo.write(dm.devicePath(snap), 0, data);
                } catch (java.io.IOException expected) {
                    // writes past the COW's room fail
                }
            } else {
                BlockIo.write(dm.devicePath(origin), 0, data);
            }
            SnapshotStatus st = SnapshotStatus.parse(onlyStatus(dm, snap.ref()).text()).orElseThrow();
            assertEquals(c.expected(), st, c.toString());
            byte[] more = BlockIo.pattern(8, (int) (2 * MIB));
            BlockIo.write(dm.devicePath(origin), 2 * MIB, more);
            assertEquals(BlockIo.sha256(more), BlockIo.sha256(BlockIo.read(dm.devicePath(origin), 2 * MIB, more.length)));
            dm.remove(snap.ref());
            dm.remove(origin.ref());
        }
    }
}
