package io.jdm.thin.monitor;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.QueryOptions;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.ChildJvm;
import io.jdm.testkit.CrashPoint;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.thin.ThinPoolSetup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An extend spans several kernel calls (set the low-water mark: load, resume; grow the image file and the
 * loop device; load the larger table; resume). At each step a child JVM running the monitor is killed with
 * SIGKILL; then a new monitor takes over the pool: nothing is left suspended, an inactive table the kill
 * left behind is cleared once it is old enough, the pool grows below its threshold, the image file is
 * exactly as large as the pool, and every byte written before reads back.
 */
@KernelTest
class PoolMonitorCrashKernelTest {
    private static final long MIB = 1024 * 1024;
    private static final List<String> STEPS = List.of("mark-loaded", "mark-resumed", "grown", "loaded", "resumed");
    private static final int WRITTEN_MIB = 14; // of a 16 MiB pool: 87.5%, over the 80% threshold
    private static final Duration LEFTOVER_AGE = Duration.ofSeconds(1);

    private record Child(String step, DeviceInfo pool, Path data, Path thin, CrashPoint.Child jvm) {
    }

    @Test
    void aMonitorKilledAtEveryStepOfAnExtendLeavesAPoolTheNextMonitorGrowsWithNothingLost(DeviceMapper dm, DmScratch s)
            throws Exception {
        List<Child> children = new ArrayList<>();
        List<String> report = new ArrayList<>();
        try {
            for (String step : STEPS) {
                children.add(start(dm, s, step));
            }
            for (Child child : children) {
                child.jvm().awaitAndKill(Duration.ofMinutes(5)); // a guard against a child that hangs
            }
        } finally {
            children.forEach(c -> c.jvm().process().destroyForcibly());
        }
        for (Child child : children) {
            report.add(child.step() + ": " + verify(dm, child));
        }
        System.out.println("pool monitor crash matrix, " + children.size() + " child JVMs killed:\n  "
                + String.join("\n  ", report));
    }

    private static Child start(DeviceMapper dm, DmScratch s, String step) throws IOException {
        Path dir = Files.createDirectories(s.tempDir().resolve(step));
        Path meta = LoopControl.createSparseFile(dir.resolve("meta.img"), 8 * MIB);
        Path data = LoopControl.createSparseFile(dir.resolve("data.img"), 16 * MIB);
        DeviceInfo pool = ThinPoolSetup.activate(dm, s.name("pool-" + step), ThinPoolSetup.Spec.of(meta, data)
                .withBlockSectors(128), false).pool();
        ThinPool.of(dm, pool.ref()).createThin(1);
        DeviceInfo thin = dm.createWithTable(s.name("thin-" + step), Table.of(64 * MIB / 512, "thin", pool.number() + " 1"));
        Path dev = dm.devicePath(thin);
        for (int i = 0; i < WRITTEN_MIB; i++) {
            BlockIo.write(dev, i * MIB, BlockIo.pattern(i, (int) MIB));
        }
        List<String> command = ChildJvm.command(e -> e.contains("dm-api") || e.contains("dm-ioctl") || e.contains("dm-targets")
                        || e.contains("dm-thin") || e.contains("dm-testkit") || e.endsWith("test-classes"),
                PoolMonitorCrashChild.class, pool.name().value(), step);
        return new Child(step, pool, data, dev, CrashPoint.start(command, step));
    }

    private static String verify(DeviceMapper dm, Child child) throws Exception {
        DeviceRef pool = child.pool().ref();
        DeviceInfo info = dm.info(pool);
        assertFalse(info.suspended(), child.step() + ": a table swap is one ioctl; the kill cannot leave the pool suspended");
        boolean leftover = child.step().endsWith("loaded");
        assertEquals(leftover, info.hasInactiveTable(), child.step() + ": the kill left an inactive table");
        PoolMonitorTest.Events events = new PoolMonitorTest.Events();
        MonitorOptions options = MonitorOptions.defaults().withPeriod(Duration.ofMillis(200))
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(500)).withLeftoverTableAge(LEFTOVER_AGE);
        try (PoolMonitor monitor = PoolMonitor.start(dm, options, events)) {
            monitor.watch(PoolWatch.of(pool, AutoextendPolicy.lvmDefaults()).withDataGrower(LoopFileGrower.create()));
            if (leftover) {
                events.await(PoolEvent.LeftoverTableCleared.class);
            }
            awaitBelowThreshold(dm, pool, child.step());
        }
        assertFalse(dm.info(pool).hasInactiveTable(), child.step());
        long poolBytes = dm.table(pool).table().sectors() * 512;
        assertTrue(poolBytes > 16 * MIB, child.step() + ": the pool grew");
        assertEquals(poolBytes, Files.size(child.data()), child.step() + ": the image file is as large as the pool");
        assertTrue(dm.table(pool, QueryOptions.defaults()).table().lines().getFirst().params().contains(" "
                + AutoextendPolicy.lvmDefaults().data().lowWaterMark(poolBytes / (128 * 512)) + " "),
                child.step() + ": the low-water mark follows the size");
        Path thin = child.thin();
        for (int i = 0; i < WRITTEN_MIB; i++) {
            assertEquals(BlockIo.sha256(BlockIo.pattern(i, (int) MIB)), BlockIo.sha256(BlockIo.read(thin, i * MIB, (int) MIB)),
                    child.step() + ": MiB " + i + " reads back");
        }
        BlockIo.write(thin, WRITTEN_MIB * MIB, BlockIo.pattern(99, (int) MIB)); // and takes more
        return "pool " + (poolBytes / MIB) + " MiB, events " + events.all(PoolEvent.class).stream()
                .map(e -> e.getClass().getSimpleName()).toList();
    }

    private static void awaitBelowThreshold(DeviceMapper dm, DeviceRef pool, String step) throws InterruptedException {
        AutoextendPolicy.Rule rule = AutoextendPolicy.lvmDefaults().data();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            ThinPoolStatus.Working w = assertInstanceOf(ThinPoolStatus.Working.class, ThinPool.of(dm, pool).status());
            if (!rule.reached(w.usedDataBlocks(), w.totalDataBlocks())) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, step + ": the pool stayed at or over its threshold: " + w);
            Thread.sleep(20);
        }
    }
}
