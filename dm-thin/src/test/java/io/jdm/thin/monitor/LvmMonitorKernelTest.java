package io.jdm.thin.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.LvmSandbox;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.ReferenceKernelOnly;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@link PoolMonitor} keeping an LVM thin pool from filling up, with {@link LvmGrower}: LVM (lvm2 in
 * the guest, with a configuration of the test's own) owns the pool, jdm only watches its {@code -tpool}
 * device and runs lvextend. On the reference kernel only: the subject is jdm's use of LVM, and every
 * kernel call it makes is made by the monitor's other kernel tests too.
 */
@KernelTest
@ReferenceKernelOnly
class LvmMonitorKernelTest {
    private static final long MIB = 1024 * 1024;
    private static final String POOL = "thin-pool";
    private static final String THIN = "data";
    /** The test's patience for lvextend under emulation, never a timing assertion. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void theKernelsEventAtEightyPercentMakesTheMonitorGrowTheLvmPoolByTwentyPercent(DeviceMapper dm, DmScratch s)
            throws Exception {
        // 60 MiB of extents: the pool's 8 + its metadata's 1 + LVM's spare metadata's 1, 5 left to grow into
        try (LvmSandbox lvm = sandbox(dm, s)) {
            makePoolWithThinVolume(lvm);
            DeviceRef pool = DeviceRef.name(lvm.deviceName(POOL, "tpool"));
            LvmGrower grower = LvmGrower.forDevice(lvm.deviceName(POOL, "tpool")).withConfig(lvm.config(false));
            assertEquals(lvm.vg() + "/" + POOL, grower.volumeGroup() + "/" + grower.logicalVolume());
            assertEquals(102, lowWaterMark(dm, pool), "LVM's own mark at 80%: 512 blocks * 20%");

            BlockingQueue<PoolEvent> events = new LinkedBlockingQueue<>();
            // a period of an hour: only the kernel's event can explain an extend within the test
            MonitorOptions eventsOnly = MonitorOptions.defaults().withPeriod(Duration.ofHours(1));
            byte[] bytes = BlockIo.pattern(14, 26 * (int) MIB); // 416 of 512 blocks: 81%
            try (PoolMonitor monitor = PoolMonitor.start(dm, eventsOnly, events::add)) {
                monitor.watch(PoolWatch.of(pool, AutoextendPolicy.lvmDefaults()).withDataGrower(grower));
                BlockIo.write(lvm.path(THIN), 0, bytes);
                PoolEvent.Extended extended = await(events, PoolEvent.Extended.class);
                assertTrue(monitor.eventsInUse());
                assertEquals(PoolSpace.DATA, extended.space());
                // 416 of 512 -> 512 + 102 = 614 blocks (38.4 MiB), which LVM rounds up to whole extents
                assertEquals(32 * MIB, extended.from());
                assertEquals(40 * MIB, extended.to());
            }
            assertEquals(40 * MIB, lvm.lvsBytes(POOL, "lv_size"));
            assertEquals(40 * MIB / 512, dm.table(pool).table().sectors());
            ThinPoolStatus.Working status = assertInstanceOf(ThinPoolStatus.Working.class, ThinPool.of(dm, pool).status());
            assertEquals(640, status.totalDataBlocks());
            // lvextend reloaded the pool with the mark LVM's config (the one withConfig passed) gives: 640 * 20%
            assertEquals(128, lowWaterMark(dm, pool));
            assertEquals(BlockIo.sha256(bytes), BlockIo.sha256(BlockIo.read(lvm.path(THIN), 0, bytes.length)));
        }
    }

    @Test
    void theGrowerGrowsAnLvmPoolsMetadataWithPoolmetadatasize(DeviceMapper dm, DmScratch s) throws Exception {
        try (LvmSandbox lvm = sandbox(dm, s)) {
            makePoolWithThinVolume(lvm);
            DeviceRef pool = DeviceRef.name(lvm.deviceName(POOL, "tpool"));
            ThinPoolTarget table = PoolTable.read(dm, pool).target();
            ThinPoolStatus.Working before = (ThinPoolStatus.Working) ThinPool.of(dm, pool).status();
            assertEquals(4 * MIB / 4096, before.totalMetadataBlocks());

            // what the monitor would ask for 1024 blocks at 80% under lvmDefaults: 1228 blocks, 9824 sectors
            PoolGrower.Growth growth = LvmGrower.forDevice(lvm.deviceName(POOL, "tpool")).withConfig(lvm.config(false))
                    .grow(new PoolGrower.Request(pool, PoolSpace.METADATA, table.metadata(), 8192, 9824));
            assertInstanceOf(PoolGrower.Growth.PoolResized.class, growth);

            assertEquals(8 * MIB, lvm.lvsBytes(POOL, "lv_metadata_size"), "rounded up to whole extents");
            ThinPoolStatus.Working after = (ThinPoolStatus.Working) ThinPool.of(dm, pool).status();
            assertEquals(8 * MIB / 4096, after.totalMetadataBlocks(), "the live pool took the larger metadata");
            assertEquals(32 * MIB, lvm.lvsBytes(POOL, "lv_size"), "the data space is as it was");
        }
    }

    /** A volume group on a 64 MiB loop device of the test's. */
    private static LvmSandbox sandbox(DeviceMapper dm, DmScratch s) {
        return LvmSandbox.create(dm, s.prefix() + "vg", s.loop(64 * MIB), s.tempDir().resolve("lvm"));
    }

    private static void makePoolWithThinVolume(LvmSandbox lvm) {
        lvm.run("lvcreate", "--type", "thin-pool", "-L", "32m", "--chunksize", "64k", "--poolmetadatasize", "4m",
                "--zero", "n", "-n", POOL, lvm.vg());
        lvm.run("lvcreate", "--type", "thin", "-V", "64m", "--thinpool", POOL, "-n", THIN, lvm.vg());
    }

    private static long lowWaterMark(DeviceMapper dm, DeviceRef pool) {
        return PoolTable.read(dm, pool).target().lowWaterMark();
    }

    private static <T extends PoolEvent> T await(BlockingQueue<PoolEvent> events, Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            PoolEvent e = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                fail("no " + type.getSimpleName() + " within " + PATIENCE);
            } else if (type.isInstance(e)) {
                return type.cast(e);
            } else if (e instanceof PoolEvent.ExtendFailed f) {
                throw new AssertionError("the extend failed: " + f.reason(), f.cause());
            } else if (e instanceof PoolEvent.CheckFailed f) {
                throw new AssertionError("a check failed: " + f.reason(), f.cause());
            }
        }
    }
}
