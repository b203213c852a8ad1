package io.jdm.kerneltests;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.EventWatcher;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@KernelTest
class EventKernelTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void devWaitWakesWhenTheDeviceIsRenamed(DeviceMapper dm, DmScratch s) throws Exception {
        DeviceInfo info = dm.createWithTable(s.name("w"), Table.of(2048, "zero", ""));
        long before = info.eventNr();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<StatusReport> woke = pool.submit(() -> dm.waitEvent(DeviceRef.name(s.name("w")), before, QueryOptions.defaults()));
            Thread.sleep(300);
            assertFalse(woke.isDone(), "DEV_WAIT returned before any event");
            dm.rename(s.name("w"), s.name("w2"));
            StatusReport report = woke.get(30, TimeUnit.SECONDS);
            assertNotEquals(before, report.info().eventNr());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTableSwapIsNotAnEvent(DeviceMapper dm, DmScratch s) throws InterruptedException {
        // Only targets (dm_table_event), rename and removal bump the counter: a waiter that wants to
        // see table changes must be woken some other way.
        DeviceInfo info = dm.createWithTable(s.name("sw"), Table.of(2048, "zero", ""));
        dm.load(info.ref(), Table.of(4096, "error", ""));
        DeviceInfo swapped = dm.resume(info.ref());
        assertEquals(4096, dm.table(info.ref()).table().sectors());
        assertEquals(info.eventNr(), swapped.eventNr());
        assertEquals(Optional.empty(), dm.awaitEvent(info.ref(), info.eventNr(), Duration.ofMillis(300)));
    }

    @Test
    void awaitEventTimesOutAndThenSeesTheEvent(DeviceMapper dm, DmScratch s) throws Exception {
        DeviceInfo info = dm.createWithTable(s.name("aw"), Table.of(2048, "zero", ""));
        assertEquals(Optional.empty(), dm.awaitEvent(info.ref(), info.eventNr(), Duration.ofMillis(300)));
        CompletableFuture<Optional<DeviceInfo>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return dm.awaitEvent(DeviceRef.number(info.number()), info.eventNr(), Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        dm.rename(s.name("aw"), s.name("aw2"));
        DeviceInfo after = waiting.get(30, TimeUnit.SECONDS).orElseThrow();
        assertNotEquals(info.eventNr(), after.eventNr());
    }

    @Test
    void devWaitWakesOnAThinPoolLowWaterEvent(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice data = s.loop(64 * MIB);
        // 64 MiB in 64 KiB blocks is 1024 blocks; the event fires when free blocks drop below 1000
        long dataSectors = 64 * MIB / 512;
        DeviceInfo pool = dm.createWithTable(s.name("pool"),
                Table.of(dataSectors, "thin-pool", meta.number() + " " + data.number() + " 128 1000"));
        dm.message(pool.ref(), 0, "create_thin 0");
        DeviceInfo thin = dm.createWithTable(s.name("thin"), Table.of(dataSectors, "thin", pool.number() + " 0"));
        long poolEvent = dm.info(pool.ref()).eventNr();

        ExecutorService waiter = Executors.newSingleThreadExecutor();
        try {
            Future<StatusReport> woke = waiter.submit(() -> dm.waitEvent(pool.ref(), poolEvent, QueryOptions.defaults()));
            byte[] block = new byte[64 * 1024];
            java.util.Arrays.fill(block, (byte) 0x5a);
            try (FileChannel dev = FileChannel.open(dm.devicePath(thin), StandardOpenOption.WRITE)) {
                for (int i = 0; i < 64; i++) {
                    dev.write(ByteBuffer.wrap(block), i * (long) block.length);
                }
                dev.force(true);
            }
            StatusReport report = woke.get(60, TimeUnit.SECONDS);
            assertNotEquals(poolEvent, report.info().eventNr());
            assertEquals("thin-pool", report.targets().getFirst().type());
        } finally {
            waiter.shutdownNow();
        }
    }

    @Test
    void armPollWatcherWakesWhenAnotherThreadCreatesADevice(DeviceMapper dm, DmScratch s) throws Exception {
        try (EventWatcher watcher = dm.watchEvents()) {
            watcher.arm();
            assertFalse(watcher.await(Duration.ofMillis(200)), "no device-mapper event yet");
            watcher.arm();
            Thread creator = Thread.ofPlatform().start(() -> dm.create(s.name("ev")));
            assertTrue(watcher.await(Duration.ofSeconds(30)), "the create was not seen");
            creator.join();
        }
    }

    @Test
    void aWatcherWaitEndsOnInterrupt(DeviceMapper dm) throws Exception {
        try (EventWatcher watcher = dm.watchEvents()) {
            watcher.arm();
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    watcher.await(Duration.ofMinutes(5));
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            Thread.sleep(200);
            t.interrupt();
            assertTrue(outcome.get(10, TimeUnit.SECONDS) instanceof InterruptedException);
        }
    }
}
