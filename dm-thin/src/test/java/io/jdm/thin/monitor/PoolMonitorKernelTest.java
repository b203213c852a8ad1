package io.jdm.thin.monitor;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.KernelException;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopCapacity;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.PoolFeature;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.thin.ThinPoolSetup;
import io.jdm.thin.VolumeId;
import io.jdm.thin.VolumeSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pools that grow themselves on a real kernel: the low-water event, loop files growing under a live
 * pool, writers queued at full and released by an extend, a full pool with error_if_no_space, metadata
 * growth, a linear data device taking spare segments.
 */
@KernelTest
class PoolMonitorKernelTest {
    private static final long MIB = 1024 * 1024;
    private static final long BLOCK_SECTORS = 128; // 64 KiB
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** So long that only the kernel's events can explain an extend within a test. */
    private static final MonitorOptions EVENTS_ONLY = MonitorOptions.defaults().withPeriod(Duration.ofHours(1))
            .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void aWriterFillsAPoolThatGrowsItselfBeforeItIsFullOnTheKernelsEventsAlone(DeviceMapper dm, DmScratch s)
            throws Exception {
        Path data = s.tempDir().resolve("data.img");
        DeviceInfo pool = pool(dm, s, data, 64 * MIB);
        Path thin = thin(dm, s, pool, 1, 256 * MIB);
        PoolMonitorTest.Events events = new PoolMonitorTest.Events();
        int chunks = 120;
        try (PoolMonitor monitor = PoolMonitor.start(dm, EVENTS_ONLY, events)) {
            PoolMonitorTest.watchAndCheck(monitor, PoolWatch.of(pool.ref(), AutoextendPolicy.lvmDefaults())
                    .withDataGrower(LoopFileGrower.create()));
            assertTrue(monitor.eventsInUse());
            for (int i = 0; i < chunks; i++) {
                BlockIo.write(thin, i * MIB, BlockIo.pattern(i, (int) MIB)); // never an error: the pool keeps ahead
            }
            awaitBelowThreshold(dm, pool.ref());
        }
        for (int i = 0; i < chunks; i++) {
            assertEquals(BlockIo.sha256(BlockIo.pattern(i, (int) MIB)), BlockIo.sha256(BlockIo.read(thin, i * MIB, (int) MIB)),
                    "MiB " + i + " reads back");
        }
        List<PoolEvent.Extended> extends_ = events.all(PoolEvent.Extended.class);
        assertTrue(extends_.size() >= 4, "64 MiB to 120 MiB and more by 20% steps is at least 4 extends: " + extends_);
        assertEquals(64 * MIB, extends_.getFirst().from());
        for (int i = 1; i < extends_.size(); i++) {
            assertEquals(extends_.get(i - 1).to(), extends_.get(i).from(), "each extend starts where the last ended");
        }
        long finalBytes = extends_.getLast().to();
        assertEquals(finalBytes, dm.table(pool.ref()).table().sectors() * 512);
        assertEquals(finalBytes, Files.size(data), "the image file grew exactly as far as the pool");
        assertTrue(events.all(PoolEvent.OutOfDataSpace.class).isEmpty(), "never full: " + events.all(PoolEvent.class));
        assertTrue(events.all(PoolEvent.ExtendFailed.class).isEmpty(), events.all(PoolEvent.class).toString());
        assertEquals(ThinPoolStatus.Mode.READ_WRITE, working(dm, pool.ref()).mode());
    }

    @Test
    void withQueueIfNoSpaceAWriterWaitsAtFullUntilTheCallbackGrowerIsReleased(DeviceMapper dm, DmScratch s)
            throws Exception {
        DeviceInfo pool = pool(dm, s, s.tempDir().resolve("data.img"), 16 * MIB);
        Path thin = thin(dm, s, pool, 1, 64 * MIB);
        PoolMonitorTest.Events events = new PoolMonitorTest.Events();
        CountDownLatch release = new CountDownLatch(1);
        // the caller's own grower: grow the image file behind the loop device, once it may
        PoolGrower held = request -> {
            release.await();
            long bytes = LoopCapacity.growTo(Devices.number(request.device()), request.wantedSectors() * 512);
            return PoolGrower.grownTo(bytes / 512);
        };
        int chunks = 24;
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().name("writer").start(() -> {
            try {
                for (int i = 0; i < chunks; i++) {
                    BlockIo.write(thin, i * MIB, BlockIo.pattern(100 + i, (int) MIB));
                }
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        });
        try (PoolMonitor monitor = PoolMonitor.start(dm, EVENTS_ONLY, events)) {
            monitor.watch(PoolWatch.of(pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(held));
            PoolEvent.OutOfDataSpace full = events.await(PoolEvent.OutOfDataSpace.class);
            assertTrue(full.writesQueue(), "queue_if_no_space: writes wait");
            assertEquals(ThinPoolStatus.Mode.OUT_OF_DATA_SPACE, working(dm, pool.ref()).mode());
            assertTrue(writer.isAlive(), "24 MiB cannot fit in 16: the writer is waiting");
            release.countDown();
            writer.join(PATIENCE.toMillis());
            assertFalse(writer.isAlive(), "the writer finished once the pool grew");
            assertNull(writerFailed.get(), "the queued writes completed, none failed");
            events.await(PoolEvent.Writable.class);
            awaitBelowThreshold(dm, pool.ref());
        } finally {
            release.countDown();
            writer.join(PATIENCE.toMillis());
        }
        for (int i = 0; i < chunks; i++) {
            assertEquals(BlockIo.sha256(BlockIo.pattern(100 + i, (int) MIB)),
                    BlockIo.sha256(BlockIo.read(thin, i * MIB, (int) MIB)), "MiB " + i + " reads back");
        }
        assertTrue(dm.table(pool.ref()).table().sectors() * 512 > 24 * MIB);
    }

    @Test
    void withErrorIfNoSpaceSetByTheWatchAndNoGrowerWritesFailAManualExtendMakesThePoolWritableAndARemovedPoolIsDropped(
            DeviceMapper dm, DmScratch s) throws Exception {
        Path data = s.tempDir().resolve("data.img");
        DeviceInfo pool = pool(dm, s, data, 16 * MIB); // queue_if_no_space, as created
        Path thin = thin(dm, s, pool, 1, 64 * MIB);
        PoolMonitorTest.Events events = new PoolMonitorTest.Events();
        // the period alone (no events): it still notices
        MonitorOptions periodOnly = MonitorOptions.defaults().withEvents(false).withPeriod(Duration.ofMillis(200));
        try (PoolMonitor monitor = PoolMonitor.start(dm, periodOnly, events)) {
            PoolMonitorTest.watchAndCheck(monitor, PoolWatch.of(pool.ref(), AutoextendPolicy.lvmDefaults()) // no grower: watch only
                    .withNoSpacePolicy(ThinPoolStatus.NoSpacePolicy.ERROR));
            assertEquals(ThinPoolStatus.NoSpacePolicy.ERROR, working(dm, pool.ref()).noSpacePolicy(), "set by the watch");
            assertFalse(monitor.eventsInUse());
            IOException eio = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 24; i++) {
                    BlockIo.write(thin, i * MIB, BlockIo.pattern(i, (int) MIB));
                }
            });
            PoolEvent.OutOfDataSpace full = events.await(PoolEvent.OutOfDataSpace.class);
            assertFalse(full.writesQueue(), "error_if_no_space: " + eio);
            assertEquals(16 * MIB, dm.table(pool.ref()).table().sectors() * 512, "nothing grew it");
            PoolEvent.ThresholdReached reached = events.first(PoolEvent.ThresholdReached.class);
            assertEquals(PoolSpace.DATA, reached.space());

            // the operator's manual extend: the file, the loop device, a reload of the pool
            long bigger = 32 * MIB;
            LoopCapacity.growTo(Devices.number(PoolTable.read(dm, pool.ref()).target().data()), bigger);
            PoolTable table = PoolTable.read(dm, pool.ref());
            dm.load(pool.ref(), Table.of(bigger / 512, "thin-pool", table.target().format()));
            dm.resume(pool.ref(), io.jdm.api.SuspendOptions.defaults().withNoFlush(true)); // the queued writes go on
            events.await(PoolEvent.Writable.class);
            BlockIo.write(thin, 20 * MIB, BlockIo.pattern(7, (int) MIB));
            assertEquals(ThinPoolStatus.Mode.READ_WRITE, working(dm, pool.ref()).mode());

            // removed under the monitor: dropped, with an event
            dm.remove(DeviceRef.name(s.name("thin1")));
            dm.remove(pool.ref());
            assertEquals(pool.ref(), events.await(PoolEvent.Gone.class).pool());
            assertTrue(monitor.watched().isEmpty());
        }
    }

    @Test
    void metadataThatFillsWithThinIdsGrowsOnThePeriodAlone(DeviceMapper dm, DmScratch s) throws Exception {
        Path meta = LoopControl.createSparseFile(s.tempDir().resolve("meta.img"), 2 * MIB);
        Path data = LoopControl.createSparseFile(s.tempDir().resolve("data.img"), 64 * MIB);
        DeviceInfo pool = ThinPoolSetup.activate(dm, s.name("pool"),
                ThinPoolSetup.Spec.of(meta, data).withBlockSectors(BLOCK_SECTORS), false).pool();
        PoolMonitorTest.Events events = new PoolMonitorTest.Events();
        MonitorOptions periodOnly = MonitorOptions.defaults().withEvents(false).withPeriod(Duration.ofMillis(100));
        ThinPool thinPool = ThinPool.of(dm, pool.ref());
        long totalBefore = working(dm, pool.ref()).totalMetadataBlocks();
        try (PoolMonitor monitor = PoolMonitor.start(dm, periodOnly, events)) {
            monitor.watch(PoolWatch.of(pool.ref(), AutoextendPolicy.lvmDefaults())
                    .withMetadataGrower(LoopFileGrower.create()));
            int id = 0;
            // each thin id costs metadata blocks (its details, its mapping root); stop once the threshold is
            // reached: the 20% left are the grower's time, and a test creating ids in a loop is faster than
            // any application (and than a grower's first, cold call under emulation)
            while (events.all(PoolEvent.ThresholdReached.class).isEmpty()) {
                ThinPoolStatus.Working w = working(dm, pool.ref());
                String seen = w + "; events " + events.all(PoolEvent.class);
                assertEquals(ThinPoolStatus.Mode.READ_WRITE, w.mode(), "the pool never ran out: " + seen);
                assertTrue(id < 5000, "no metadata extend after " + id + " thin ids: " + seen);
                // far from the threshold, many at a time; near it, a few per round of the monitor
                int batch = w.usedMetadataBlocks() * 100 < 70L * w.totalMetadataBlocks() ? 50 : 5;
                try {
                    for (int i = 0; i < batch; i++) {
                        thinPool.createThin(id++);
                    }
                } catch (KernelException e) {
                    throw new AssertionError("thin id " + id + " refused: " + working(dm, pool.ref()) + "; events "
                            + events.all(PoolEvent.class) + monitorThreads(), e);
                }
                PoolMonitorTest.awaitRounds(monitor, monitor.rounds() + 2);
            }
            events.await(PoolEvent.Extended.class);
            awaitBelowThreshold(dm, pool.ref());
            thinPool.createThin(id); // writable again, with room
        }
        PoolEvent.Extended grown = events.first(PoolEvent.Extended.class);
        assertEquals(PoolSpace.METADATA, grown.space());
        assertEquals(totalBefore * 4096, grown.from());
        long totalAfter = working(dm, pool.ref()).totalMetadataBlocks();
        assertEquals(grown.to(), totalAfter * 4096, "the kernel took the larger metadata device");
        assertTrue(totalAfter > totalBefore);
        assertEquals(grown.to(), Files.size(meta));
        assertEquals(PoolSpace.METADATA, events.first(PoolEvent.ThresholdReached.class).space());
    }

    @Test
    void aLinearDataDeviceTakesSpareSegmentsAsThePoolFills(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice first = s.loop(16 * MIB);
        List<LinearSegmentGrower.Spare> spares = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            LoopDevice spare = s.loop(16 * MIB);
            spares.add(LinearSegmentGrower.Spare.wholeDevice(spare.path()));
        }
        BlockIo.write(meta.path(), 0, new byte[4096]); // fresh metadata
        DeviceInfo linear = dm.createWithTable(s.name("data"), Table.of(16 * MIB / 512, "linear", first.number() + " 0"));
        DeviceInfo pool = dm.createWithTable(s.name("pool"), Table.of(16 * MIB / 512, "thin-pool",
                meta.number() + " " + linear.number() + " " + BLOCK_SECTORS + " 0"));
        Path thin = thin(dm, s, pool, 1, 64 * MIB);
        PoolMonitorTest.Events events = new PoolMonitorTest.Events();
        int chunks = 32;
        try (PoolMonitor monitor = PoolMonitor.start(dm, EVENTS_ONLY, events)) {
            monitor.watch(PoolWatch.of(pool.ref(), AutoextendPolicy.lvmDefaults())
                    .withDataGrower(LinearSegmentGrower.of(dm, linear.ref(), spares)));
            for (int i = 0; i < chunks; i++) {
                BlockIo.write(thin, i * MIB, BlockIo.pattern(200 + i, (int) MIB));
            }
            awaitBelowThreshold(dm, pool.ref());
        }
        for (int i = 0; i < chunks; i++) {
            assertEquals(BlockIo.sha256(BlockIo.pattern(200 + i, (int) MIB)),
                    BlockIo.sha256(BlockIo.read(thin, i * MIB, (int) MIB)), "MiB " + i + " reads back");
        }
        Table linearTable = dm.table(linear.ref()).table();
        assertTrue(linearTable.lines().size() >= 3, "spares were appended: " + linearTable);
        assertTrue(dm.table(pool.ref()).table().sectors() <= linearTable.sectors(), "the pool fits its device");
        assertTrue(events.all(PoolEvent.ExtendFailed.class).isEmpty(), events.all(PoolEvent.class).toString());
        // the pool goes before the linear device under it
        dm.remove(DeviceRef.name(s.name("thin1")));
        dm.remove(pool.ref());
        dm.remove(linear.ref());
    }

    /** The example of dm-thin's README ("Pools that grow themselves"), its paths under a temporary directory. */
    @Test
    void theReadmeExampleRuns(DeviceMapper dm, DmScratch s) throws Exception {
        Path dir = s.tempDir();
        String poolName = s.name("pool").value();
        LoopControl.createSparseFile(dir.resolve("meta.img"), 8 * MIB);
        LoopControl.createSparseFile(dir.resolve("data.img"), 64 * MIB);
        List<PoolEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        // --- as in the README ---
        ThinPoolSetup.Result pool = ThinPoolSetup.activate(dm, DeviceName.of(poolName),
                ThinPoolSetup.Spec.of(dir.resolve("meta.img"), dir.resolve("data.img")), false);
        try (PoolMonitor monitor = PoolMonitor.start(dm, event -> seen.add(event));   // or log it
             VolumeSet volumes = VolumeSet.open(dm, pool.pool().ref(), dir.resolve("state"))) {
            monitor.watch(PoolWatch.of(pool.pool().ref(), AutoextendPolicy.lvmDefaults())  // at 80% full, +20%
                    .withDataGrower(LoopFileGrower.create())                            // data.img grows
                    .withMetadataGrower(LoopFileGrower.create()));                      // meta.img too
            volumes.create(VolumeId.of("c1"), 128 * MIB);
            Path thin = volumes.activate(VolumeId.of("c1"));  // waits out the monitor's brief pool suspends
            // ... the application writes to its volumes; the pool keeps ahead of them ...
            // ---
            for (int i = 0; i < 60; i++) {
                BlockIo.write(thin, i * MIB, BlockIo.pattern(i, (int) MIB));
            }
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (seen.stream().noneMatch(e -> e instanceof PoolEvent.Extended) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        assertInstanceOf(PoolEvent.Extended.class, seen.stream().filter(e -> e instanceof PoolEvent.Extended)
                .findFirst().orElse(null), "the pool grew: " + seen);
        assertTrue(Files.size(dir.resolve("data.img")) > 64 * MIB);
    }

    /** Where the monitor's threads are, for a failure message. */
    private static String monitorThreads() {
        StringBuilder sb = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            if (t.getName().startsWith("jdm-pool-")) {
                sb.append("\n").append(t.getName()).append(':');
                for (StackTraceElement e : stack) {
                    sb.append("\n    at ").append(e);
                }
            }
        });
        return sb.toString();
    }

    private static DeviceInfo pool(DeviceMapper dm, DmScratch s, Path data, long bytes, PoolFeature... features) {
        Path meta = LoopControl.createSparseFile(s.tempDir().resolve("meta.img"), 8 * MIB);
        LoopControl.createSparseFile(data, bytes);
        return ThinPoolSetup.activate(dm, s.name("pool"), ThinPoolSetup.Spec.of(meta, data)
                .withBlockSectors(BLOCK_SECTORS).withFeatures(List.of(features)), false).pool();
    }

    private static Path thin(DeviceMapper dm, DmScratch s, DeviceInfo pool, long id, long bytes) {
        ThinPool.of(dm, pool.ref()).createThin(id);
        DeviceInfo thin = dm.createWithTable(s.name("thin" + id), Table.of(bytes / 512, "thin", pool.number() + " " + id));
        return dm.devicePath(thin);
    }

    private static ThinPoolStatus.Working working(DeviceMapper dm, DeviceRef pool) {
        return assertInstanceOf(ThinPoolStatus.Working.class, ThinPool.of(dm, pool).status());
    }

    /**
     * Waits until the pool is below the 80% threshold in both spaces, so the monitor starts no further
     * extend; closing the monitor then waits for one still finishing, so its events are all in.
     */
    private static void awaitBelowThreshold(DeviceMapper dm, DeviceRef pool) throws InterruptedException {
        AutoextendPolicy.Rule rule = AutoextendPolicy.lvmDefaults().data();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            ThinPoolStatus.Working w = working(dm, pool);
            if (!rule.reached(w.usedDataBlocks(), w.totalDataBlocks())
                    && !rule.reached(w.usedMetadataBlocks(), w.totalMetadataBlocks())) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the pool stayed at or over its threshold: " + w);
            Thread.sleep(20);
        }
    }
}
