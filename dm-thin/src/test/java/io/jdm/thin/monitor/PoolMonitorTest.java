package io.jdm.thin.monitor;

import io.jdm.api.DeviceRef;
import io.jdm.api.QueryOptions;
import io.jdm.api.Table;
import io.jdm.api.RemoveOptions;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.testkit.ForwardingDeviceMapper;
import io.jdm.api.EventWatcher;
import io.jdm.api.UnsupportedByKernelException;
import io.jdm.api.InterfaceVersion;
import io.jdm.api.InvalidInputException;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jdm.thin.monitor.FakeGrowingPool.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class PoolMonitorTest {
    /** Long enough that only an event (or a wake) can explain an extend inside a test. */
    private static final MonitorOptions EVENTS_ONLY = MonitorOptions.defaults().withPeriod(Duration.ofHours(1))
            .withRetry(Duration.ofMillis(50), Duration.ofMillis(200));
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final Events events = new Events();

    @Test
    void aPoolThatReachesItsThresholdGrowsByTwentyPercentOnTheKernelsEvent() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(fake.grower()));
            assertEquals(12, fake.lowWaterMark(), "64 blocks at 80%: 51.2, so the event fires at 52 used, 12 free");
            assertTrue(monitor.eventsInUse());

            fake.write(51 * 64 * 1024); // 51 of 64 blocks: 79.7%, under the threshold
            monitor.checkSoon();
            awaitRounds(monitor, monitor.rounds() + 1);
            assertTrue(events.all(PoolEvent.ThresholdReached.class).isEmpty());
            // the kernel checks the mark as it allocates: the 53rd block raises the event, with 52 used
            fake.write(53 * 64 * 1024);
            PoolEvent.Extended extended = events.await(PoolEvent.Extended.class);
            assertEquals(4 * MIB, extended.from());
            // 53/64 -> 64 + 12 = 76 blocks (70%)
            assertEquals(76 * 64 * 1024, extended.to());
            assertEquals(76 * 128, fake.poolSectors());
            assertEquals(76 - 61, fake.lowWaterMark(), "the mark follows the new size: 76 * 0.8 = 60.8 -> 61 used");
            assertEquals(76, fake.status().totalDataBlocks());
            PoolEvent.ThresholdReached reached = events.first(PoolEvent.ThresholdReached.class);
            assertEquals(PoolSpace.DATA, reached.space());
            assertTrue(reached.used() >= 52, "reported at or over the threshold: " + reached);
        }
    }

    @Test
    void eachExtendAndEachReportedEventIsAJfrEventWhenARecordingAsks(@TempDir Path dir) throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        Path file = dir.resolve("monitor.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.jdm.thin.PoolExtended");
            recording.enable("io.jdm.thin.PoolEvent");
            recording.start();
            growOnce(fake);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> recorded = RecordingFile.readAllEvents(file);
        List<RecordedEvent> extendsRecorded = recorded.stream()
                .filter(e -> e.getEventType().getName().equals("io.jdm.thin.PoolExtended")).toList();
        assertEquals(1, extendsRecorded.size(), recorded.toString());
        RecordedEvent extended = extendsRecorded.getFirst();
        assertEquals("data", extended.getString("space"));
        assertEquals(4 * MIB, extended.getLong("fromBytes"));
        assertEquals(events.first(PoolEvent.Extended.class).to(), extended.getLong("toBytes"));
        assertTrue(extended.getString("pool").contains("pool"));
        List<String> kinds = recorded.stream().filter(e -> e.getEventType().getName().equals("io.jdm.thin.PoolEvent"))
                .sorted(java.util.Comparator.comparing(RecordedEvent::getStartTime)) // a file keeps each thread's apart
                .map(e -> e.getString("kind")).toList();
        assertEquals(events.all(PoolEvent.class).stream().map(e -> e.getClass().getSimpleName()).toList(), kinds,
                "one per event the listener got, in its order");
        assertEquals(List.of("ThresholdReached", "Extended"), kinds);
    }

    @Test
    void theMonitorsJfrEventsAreOffUnlessARecordingAsks(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("default.jfr");
        try (Recording recording = new Recording()) { // every event at its default
            recording.start();
            growOnce(new FakeGrowingPool());
            recording.stop();
            recording.dump(file);
        }
        assertTrue(RecordingFile.readAllEvents(file).stream().noneMatch(e -> e.getEventType().getName().startsWith("io.jdm")));
    }

    /** A monitor that sees the fake pool reach its threshold and grows it once. */
    private void growOnce(FakeGrowingPool fake) throws Exception {
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults())
                    .withDataGrower(fake.grower()));
            fake.write(60 * 64 * 1024);
            events.await(PoolEvent.Extended.class);
        }
    }

    @Test
    void withoutEventsThePeriodAloneGrowsThePool() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        MonitorOptions periodOnly = MonitorOptions.defaults().withEvents(false).withPeriod(Duration.ofMillis(50));
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, periodOnly, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(fake.grower()));
            assertFalse(monitor.eventsInUse());
            fake.write(60 * 64 * 1024);
            PoolEvent.Extended extended = events.await(PoolEvent.Extended.class);
            assertTrue(extended.to() > extended.from());
        }
    }

    @Test
    void whenTheKernelHasNoEventsTheMonitorFallsBackToItsPeriod() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        var noEvents = new ForwardingDeviceMapper(fake.dm) {
            @Override
            public EventWatcher watchEvents() {
                throw new UnsupportedByKernelException("DM_DEV_ARM_POLL", InterfaceVersion.of(4, 36, 0),
                        InterfaceVersion.of(4, 35, 0));
            }
        };
        MonitorOptions options = MonitorOptions.defaults().withPeriod(Duration.ofMillis(50));
        try (PoolMonitor monitor = PoolMonitor.start(noEvents, options, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(fake.grower()));
            awaitRounds(monitor, monitor.rounds() + 1);
            assertFalse(monitor.eventsInUse());
            fake.write(60 * 64 * 1024);
            events.await(PoolEvent.Extended.class);
        }
    }

    @Test
    void aFailingGrowerIsReportedAndRetriedWithBackOffUntilItWorks() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        LinearSegmentGrower real = fake.grower();
        AtomicInteger calls = new AtomicInteger();
        PoolGrower flaky = request -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IOException("disk full (simulated)");
            }
            return real.grow(request);
        };
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(flaky));
            fake.write(60 * 64 * 1024);
            PoolEvent.ExtendFailed first = events.await(PoolEvent.ExtendFailed.class);
            assertEquals("disk full (simulated)", first.reason());
            assertEquals(Duration.ofMillis(50), first.retryIn());
            assertEquals(64 * 128, fake.poolSectors(), "a failed grow changes nothing");
            PoolEvent.ExtendFailed second = events.await(PoolEvent.ExtendFailed.class);
            assertEquals(Duration.ofMillis(100), second.retryIn(), "the wait doubles");
            events.await(PoolEvent.Extended.class);
            assertEquals(3, calls.get());
        }
    }

    @Test
    void aGrowerThatTakesLongDoesNotKeepTheMonitorFromReportingThePoolFull() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool("error_if_no_space");
        LinearSegmentGrower real = fake.grower();
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PoolGrower held = request -> {
            called.countDown();
            release.await();
            return real.grow(request);
        };
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(held));
            fake.write(53 * 64 * 1024);
            assertTrue(called.await(PATIENCE.toSeconds(), TimeUnit.SECONDS), "the grower was asked");
            assertThrows(IOException.class, () -> fake.write(5 * MIB), "the pool fills while the grower works");
            events.await(PoolEvent.OutOfDataSpace.class);
            assertTrue(events.all(PoolEvent.Extended.class).isEmpty());
            release.countDown();
            // the monitor's thread may see the pool writable before the grow thread reports its extend
            events.awaitEach(PoolEvent.Extended.class, PoolEvent.Writable.class);
        }
    }

    @Test
    void theMaximumStopsGrowthAndIsReportedOnce() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        AutoextendPolicy capped = AutoextendPolicy.lvmDefaults()
                .withData(AutoextendPolicy.Rule.of(80, 20).withMaximumBytes(70 * 64 * 1024));
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), capped).withDataGrower(fake.grower()));
            fake.write(60 * 64 * 1024);
            PoolEvent.Extended extended = events.await(PoolEvent.Extended.class);
            assertEquals(70 * 64 * 1024, extended.to(), "capped at the maximum, not 64 * 1.2 * 1.2");
            fake.write(62 * 64 * 1024);
            monitor.checkSoon();
            PoolEvent.AtMaximum max = events.await(PoolEvent.AtMaximum.class);
            assertEquals(70 * 64 * 1024, max.size());
            long rounds = monitor.rounds();
            monitor.checkSoon();
            awaitRounds(monitor, rounds + 1);
            assertEquals(1, events.all(PoolEvent.AtMaximum.class).size());
        }
    }

    @Test
    void aFullPoolWithoutAGrowerIsReportedOutOfSpaceOnce() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool("error_if_no_space");
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()));
            assertThrows(IOException.class, () -> fake.write(8 * MIB), "64 blocks cannot hold 128");
            PoolEvent.OutOfDataSpace out = events.await(PoolEvent.OutOfDataSpace.class);
            assertFalse(out.writesQueue(), "error_if_no_space: writes fail");
            assertEquals(64 * 128, fake.poolSectors(), "no grower, no growth");
            long rounds = monitor.rounds();
            monitor.checkSoon();
            awaitRounds(monitor, rounds + 1);
            assertEquals(1, events.all(PoolEvent.OutOfDataSpace.class).size());
        }
    }

    @Test
    void theWatchSetsThePoolsNoSpacePolicyKeepingItsOtherFeatures() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool("skip_block_zeroing");
        assertEquals(ThinPoolStatus.NoSpacePolicy.QUEUE, fake.status().noSpacePolicy());
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.watchOnly())
                    .withNoSpacePolicy(ThinPoolStatus.NoSpacePolicy.ERROR));
            assertEquals(ThinPoolStatus.NoSpacePolicy.ERROR, fake.status().noSpacePolicy());
            String params = fake.dm.table(fake.pool.ref()).table().lines().getFirst().params().strip();
            assertTrue(params.endsWith("2 skip_block_zeroing error_if_no_space"), params);
            assertEquals(0, fake.lowWaterMark(), "watch only: the pool's mark is kept");

            monitor.watch(PoolWatch.of(fake.pool.ref(), AutoextendPolicy.watchOnly())
                    .withNoSpacePolicy(ThinPoolStatus.NoSpacePolicy.QUEUE));
            awaitRounds(monitor, monitor.rounds() + 2);
            assertEquals(ThinPoolStatus.NoSpacePolicy.QUEUE, fake.status().noSpacePolicy());
        }
    }

    @Test
    void aPoolRemovedUnderTheMonitorIsDroppedWithAnEvent() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()));
            fake.dm.remove(fake.thin.ref(), RemoveOptions.defaults());
            fake.dm.remove(fake.pool.ref(), RemoveOptions.defaults());
            PoolEvent.Gone gone = events.await(PoolEvent.Gone.class);
            assertEquals(fake.pool.ref(), gone.pool());
            assertTrue(monitor.watched().isEmpty());
        }
    }

    @Test
    void aPoolSuspendedBySomeoneElseIsNotResumedByAnExtend() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        // neither events nor the period: only checkSoon starts a round, so the suspend comes first
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY.withEvents(false), events)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(fake.grower()));
            fake.write(60 * 64 * 1024);
            fake.dm.suspend(fake.pool.ref());
            monitor.checkSoon();
            PoolEvent.ExtendFailed failed = events.await(PoolEvent.ExtendFailed.class);
            assertTrue(failed.reason().contains("suspended by someone else"), failed.reason());
            assertTrue(fake.dm.info(fake.pool.ref()).suspended(), "still suspended: not ours to resume");
            assertFalse(fake.dm.info(fake.pool.ref()).hasInactiveTable());
            fake.dm.resume(fake.pool.ref());
            events.await(PoolEvent.Extended.class);
        }
    }

    @Test
    void periodsAndRetriesBeyondADayAreRefused() {
        assertThrows(InvalidInputException.class, () -> MonitorOptions.defaults().withPeriod(Duration.ofDays(365 * 300)));
        assertThrows(InvalidInputException.class, () -> MonitorOptions.defaults().withPeriod(Duration.ZERO));
        assertThrows(InvalidInputException.class,
                () -> MonitorOptions.defaults().withRetry(Duration.ofSeconds(1), Duration.ofDays(2)));
        assertEquals(Duration.ofDays(1), MonitorOptions.defaults().withPeriod(Duration.ofDays(1)).period());
    }

    @Test
    void closeStopsTheThreadAndRefusesNewWatches() {
        FakeGrowingPool fake = new FakeGrowingPool();
        PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, events);
        monitor.close();
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("jdm-pool-monitor") && t.isAlive()), "the thread ended");
        assertThrows(IllegalStateException.class,
                () -> monitor.watch(PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults())));
        monitor.close(); // idempotent
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheMonitor() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        PoolListener throwing = event -> {
            events.onEvent(event);
            throw new IllegalStateException("listener bug");
        };
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, EVENTS_ONLY, throwing)) {
            watchAndCheck(monitor, PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(fake.grower()));
            fake.write(60 * 64 * 1024);
            events.await(PoolEvent.ThresholdReached.class);
            events.await(PoolEvent.Extended.class);
        }
    }

    @Test
    void theLinearGrowerTakesEachSpareOnceEvenWhenMadeAfresh() {
        FakeGrowingPool fake = new FakeGrowingPool();
        var request = new PoolGrower.Request(fake.pool.ref(), PoolSpace.DATA,
                io.jdm.targets.BlockDev.of(fake.data.number()), 8192, 9000);
        assertEquals(new PoolGrower.Growth.DeviceGrown(16384), fake.grower().grow(request));
        // a new grower (a restarted application) reads which spares the table holds
        assertEquals(new PoolGrower.Growth.DeviceGrown(16384), fake.grower().grow(request), "already long enough");
        var more = new PoolGrower.Request(fake.pool.ref(), PoolSpace.DATA,
                io.jdm.targets.BlockDev.of(fake.data.number()), 16384, 20000);
        assertEquals(new PoolGrower.Growth.DeviceGrown(24576), fake.grower().grow(more));
        var tooMuch = new PoolGrower.Request(fake.pool.ref(), PoolSpace.DATA,
                io.jdm.targets.BlockDev.of(fake.data.number()), 24576, 30000);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fake.grower().grow(tooMuch));
        assertTrue(e.getMessage().contains("not enough spare space"), e.getMessage());
        assertEquals(3, fake.dm.table(fake.data.ref()).table().lines().size(), "nothing appended by the refusal");
    }

    /** Watches and waits for a round that checked the pool (one already running at the watch may not have). */
    @Test
    void aResizeTableAKilledProcessLeftBehindIsClearedOnceItHasSatUnchangedForItsAgeAndThePoolGrows() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        // what a monitor killed between its load and its resume leaves: the same pool, another low-water mark
        Table left = poolTable(fake, 4 * MIB / 512, 7);
        fake.dm.load(fake.pool.ref(), left);
        MonitorOptions options = MonitorOptions.defaults().withPeriod(Duration.ofMillis(50))
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(100)).withLeftoverTableAge(Duration.ofMillis(500));
        fake.write(60 * 64 * 1024);
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, options, events)) {
            long started = System.nanoTime();
            monitor.watch(PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(fake.grower()));
            PoolEvent.CheckFailed busy = events.await(PoolEvent.CheckFailed.class);
            assertTrue(busy.reason().contains("inactive table someone else loaded"), busy.reason());
            PoolEvent.LeftoverTableCleared cleared = events.await(PoolEvent.LeftoverTableCleared.class);
            assertTrue(System.nanoTime() - started >= Duration.ofMillis(500).toNanos(), "not before its age");
            assertEquals(left, cleared.table());
            PoolEvent.Extended extended = events.await(PoolEvent.Extended.class);
            assertEquals(4 * MIB, extended.from());
        }
        assertEquals(1, events.all(PoolEvent.CheckFailed.class).size(), "said once, not every round: " + events.all(PoolEvent.class));
        assertFalse(fake.dm.info(fake.pool.ref()).hasInactiveTable());
        assertTrue(fake.poolSectors() > 4 * MIB / 512);
    }

    @Test
    void anInactiveTableThatIsNotAResizeOfThePoolIsNeverCleared() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        Table shrink = poolTable(fake, 2 * MIB / 512, 7); // not something a resize loads: someone else's
        fake.dm.load(fake.pool.ref(), shrink);
        MonitorOptions options = MonitorOptions.defaults().withPeriod(Duration.ofMillis(20))
                .withRetry(Duration.ofMillis(20), Duration.ofMillis(20)).withLeftoverTableAge(Duration.ofMillis(50));
        fake.write(60 * 64 * 1024);
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, options, events)) {
            monitor.watch(PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(fake.grower()));
            events.await(PoolEvent.CheckFailed.class);
            awaitRounds(monitor, monitor.rounds() + 20); // 400 ms: eight times the age
        }
        assertEquals(shrink, fake.dm.table(fake.pool.ref(), QueryOptions.defaults().withInactiveTable(true)).table());
        assertEquals(4 * MIB / 512, fake.poolSectors(), "the pool was left as it was");
        assertTrue(events.all(PoolEvent.LeftoverTableCleared.class).isEmpty());
        assertTrue(events.all(PoolEvent.Extended.class).isEmpty());
    }

    @Test
    void aLinearGrowCutOffBetweenLoadAndResumeIsClearedAndRedoneWithoutTakingASpareTwice() throws Exception {
        FakeGrowingPool fake = new FakeGrowingPool();
        Table live = fake.dm.table(fake.data.ref()).table();
        LinearSegmentGrower.Spare first = fake.spares.getFirst();
        Table appended = Table.of(live.lines().getFirst(), io.jdm.api.TableLine.of(live.sectors(), first.lengthSectors(),
                "linear", first.device() + " " + first.offsetSectors()));
        fake.dm.load(fake.data.ref(), appended); // a grower killed before its resume
        MonitorOptions options = MonitorOptions.defaults().withPeriod(Duration.ofMillis(50))
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(100));
        fake.write(60 * 64 * 1024);
        try (PoolMonitor monitor = PoolMonitor.start(fake.dm, options, events)) {
            monitor.watch(PoolWatch.of(fake.pool.ref(), AutoextendPolicy.lvmDefaults())
                    .withDataGrower(fake.grower().withLeftoverTableAge(Duration.ofMillis(300))));
            PoolEvent.ExtendFailed failed = events.await(PoolEvent.ExtendFailed.class);
            assertTrue(failed.reason().contains("inactive table"), failed.reason());
            events.await(PoolEvent.Extended.class);
        }
        assertFalse(fake.dm.info(fake.data.ref()).hasInactiveTable());
        assertEquals(appended, fake.dm.table(fake.data.ref()).table(), "the first spare, once");
        assertThrows(InvalidInputException.class, () -> fake.grower().withLeftoverTableAge(Duration.ZERO));
        assertThrows(InvalidInputException.class, () -> MonitorOptions.defaults().withLeftoverTableAge(Duration.ZERO));
    }

    private static Table poolTable(FakeGrowingPool fake, long sectors, long lowWaterMark) {
        String[] words = fake.dm.table(fake.pool.ref()).table().lines().getFirst().params().split(" ", -1); // as the kernel spells it
        words[3] = Long.toString(lowWaterMark);
        return Table.of(sectors, "thin-pool", String.join(" ", words));
    }

    static void watchAndCheck(PoolMonitor monitor, PoolWatch watch) throws InterruptedException {
        long rounds = monitor.rounds();
        monitor.watch(watch);
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (monitor.rounds() < rounds + 2) { // asking again: a monitor without events or period waits for it
            if (System.nanoTime() > deadline) {
                fail("the monitor did not check the watched pool in " + PATIENCE);
            }
            monitor.checkSoon();
            Thread.sleep(5);
        }
    }

    static void awaitRounds(PoolMonitor monitor, long rounds) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (monitor.rounds() < rounds) {
            if (System.nanoTime() > deadline) {
                fail("the monitor did not run " + rounds + " rounds in " + PATIENCE);
            }
            Thread.sleep(5);
        }
    }

    /**
     * Collects events; waits for the next one of a kind. {@link #await} goes through the events in order,
     * past those it returned, whether or not {@link #all} has already looked at them.
     */
    static final class Events implements PoolListener {
        private final BlockingQueue<PoolEvent> queue = new LinkedBlockingQueue<>();
        private final List<PoolEvent> seen = new ArrayList<>();
        /** Index in {@code seen} after the last event {@link #await} returned. */
        private int awaited;

        @Override
        public void onEvent(PoolEvent event) {
            queue.add(event);
        }

        <E extends PoolEvent> E await(Class<E> type) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (true) {
                synchronized (seen) {
                    for (int i = awaited; i < seen.size(); i++) {
                        if (type.isInstance(seen.get(i))) {
                            awaited = i + 1;
                            return type.cast(seen.get(i));
                        }
                    }
                    awaited = seen.size();
                }
                PoolEvent e = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    fail("no " + type.getSimpleName() + " in " + PATIENCE + "; saw " + all(PoolEvent.class));
                }
                synchronized (seen) {
                    seen.add(e);
                }
            }
        }

        /** Waits until an event of each of {@code types} has come, in any order. */
        @SafeVarargs
        final void awaitEach(Class<? extends PoolEvent>... types) throws InterruptedException {
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            for (Class<? extends PoolEvent> type : types) {
                while (all(type).isEmpty()) {
                    if (System.nanoTime() > deadline) {
                        fail("no " + type.getSimpleName() + " in " + PATIENCE + "; saw " + all(PoolEvent.class));
                    }
                    Thread.sleep(5);
                }
            }
        }

        <E extends PoolEvent> E first(Class<E> type) {
            return all(type).getFirst();
        }

        <E extends PoolEvent> List<E> all(Class<E> type) {
            synchronized (seen) {
                queue.drainTo(seen); // not addAll and clear: an event coming in between would be lost
                return seen.stream().filter(type::isInstance).map(type::cast).toList();
            }
        }
    }
}
