package io.jdm.kerneltests;

import io.jdm.api.ClosedException;
import io.jdm.api.DeviceExistsException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.ioctl.IoctlDeviceMapper;
import io.jdm.ioctl.internal.CommandSpec;
import io.jdm.ioctl.internal.RequestBuffers;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.ReferenceKernelOnly;
import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One DeviceMapper under 64 platform threads and 10,000 virtual threads of mixed operations (create,
 * load, resume, status, table, message, list, await, rename, remove): afterwards the process holds as
 * many descriptors as before (give or take 2), NMT shows no native memory kept, no device is left and
 * no call failed unexpectedly. Then close with calls in flight, and two threads racing for one name.
 *
 * <p>The short form runs in {@code ./mvnw verify}; the 10-minute form of issue 11 is
 * {@code -Djdm.soak.seconds=600} (see the README).
 */
@KernelTest
@ReferenceKernelOnly
class SoakKernelTest {
    private static final long SECONDS = Long.getLong("jdm.soak.seconds", 3);
    private static final int PLATFORM_THREADS = Integer.getInteger("jdm.soak.platformThreads", 64);
    private static final int VIRTUAL_THREADS = Integer.getInteger("jdm.soak.virtualThreads", 10_000);
    /** What may stay in native memory: the request buffer pool, which the warm-up has filled already. */
    private static final long NATIVE_SLACK = 1L << 20;

    /** NMT's committed bytes of the "Other" category, where FFM's native segments are counted. */
    private static long nativeOther() throws Exception {
        for (int i = 0; i < 3; i++) { // auto arenas (errno capture segments of finished threads) go with their GC
            System.gc();
            Thread.sleep(100);
        }
        String summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
        Matcher m = Pattern.compile("-\\s+Other \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)").matcher(summary);
        assertTrue(m.find(), "NMT is not on (run with -XX:NativeMemoryTracking=summary): " + summary);
        return Long.parseLong(m.group(2)) * 1024;
    }

    /** One thread's share of the work: a device's whole life, or a look at the shared device. */
    private static void operation(DeviceMapper dm, DmScratch s, DeviceRef shared, String who, boolean lifecycle) throws Exception {
        if (!lifecycle) {
            switch (ThreadLocalRandom.current().nextInt(4)) {
                case 0 -> dm.info(shared);
                case 1 -> dm.status(shared);
                case 2 -> dm.table(shared);
                default -> dm.list();
            }
            return;
        }
        DeviceName name = s.name(who);
        DeviceInfo info = dm.createWithTable(name, Table.of(8, "zero", ""));
        dm.load(info.ref(), Table.builder().add(8, "zero", "").add(8, "error", "").build());
        DeviceInfo resumed = dm.resume(info.ref());
        StatusReport status = dm.status(info.ref());
        if (status.targets().size() != 2 || dm.table(info.ref()).table().sectors() != 16) {
            throw new AssertionError("the new table did not take: " + status);
        }
        dm.message(info.ref(), 0, "@stats_list");
        if (dm.awaitEvent(info.ref(), resumed.eventNr(), Duration.ofMillis(5)).isPresent()) {
            throw new AssertionError("a table swap is not an event");
        }
        DeviceName renamed = s.name(who + "r");
        dm.rename(name, renamed);
        if (dm.list().stream().noneMatch(d -> d.name().equals(renamed))) {
            throw new AssertionError("the renamed device is not listed");
        }
        dm.remove(DeviceRef.name(renamed));
    }

    @Test
    void mixedLoadLeavesNoDescriptorNoNativeMemoryAndNoDevice(DmScratch s) throws Exception {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong operations = new AtomicLong();
        try (DeviceMapper dm = DeviceMapper.open()) {
            DeviceRef shared = dm.createWithTable(s.name("shared"), Table.of(8, "zero", "")).ref();
            // the warm-up fills the buffer pool, which then stays as it is
            runPlatform(dm, s, shared, "w", System.nanoTime() + TimeUnit.SECONDS.toNanos(1), failures, operations);
            int descriptorsBefore = KernelHost.openDescriptors();
            long nativeBefore = nativeOther();

            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(SECONDS);
            Thread platform = Thread.ofPlatform().start(() -> runPlatform(dm, s, shared, "p", deadline, failures, operations));
            try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int v = 0; v < VIRTUAL_THREADS; v++) {
                    String who = "v" + v;
                    boolean lifecycle = v % 200 == 0;
                    virtual.submit(() -> {
                        try {
                            operation(dm, s, shared, who, lifecycle);
                            operations.incrementAndGet();
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    });
                }
            }
            long virtualDone = System.nanoTime();
            platform.join();
            System.out.println("soak phases: virtual threads done after " + (virtualDone - start) / 1_000_000 + " ms, platform after "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
            assertEquals(List.of(), failures.stream().map(String::valueOf).limit(10).toList());

            int descriptorsAfter = KernelHost.openDescriptors();
            long nativeAfter = nativeOther();
            assertTrue(Math.abs(descriptorsAfter - descriptorsBefore) <= 2,
                    "descriptors " + descriptorsBefore + " before, " + descriptorsAfter + " after");
            assertTrue(nativeAfter - nativeBefore < NATIVE_SLACK, "native memory (NMT Other) grew from " + nativeBefore
                    + " to " + nativeAfter + " bytes");
            assertTrue(RequestBuffers.liveBuffers() <= 66, RequestBuffers.liveBuffers() + " request buffers live");
            dm.remove(shared);
            assertEquals(List.of(), s.devices(), "devices left behind");
            System.out.println("soak: " + operations.get() + " operations on " + PLATFORM_THREADS + " platform and "
                    + VIRTUAL_THREADS + " virtual threads over " + SECONDS + " s; descriptors " + descriptorsBefore + " -> "
                    + descriptorsAfter + ", NMT Other " + nativeBefore + " -> " + nativeAfter + " bytes");
        }
    }

    private static void runPlatform(DeviceMapper dm, DmScratch s, DeviceRef shared, String tag, long deadline,
                                    List<Throwable> failures, AtomicLong operations) {
        try (ExecutorService platform = Executors.newFixedThreadPool(PLATFORM_THREADS)) {
            for (int t = 0; t < PLATFORM_THREADS; t++) {
                int thread = t;
                platform.submit(() -> {
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        try {
                            operation(dm, s, shared, tag + thread + "-" + i, i % 3 == 0);
                            operations.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                            return;
                        }
                    }
                });
            }
        }
    }

    @Test
    void closeWithSixteenCallsInFlightEndsThemAllAndClosesTheDescriptorOnce(DeviceMapper dm, DmScratch s) throws Exception {
        DeviceInfo device = dm.createWithTable(s.name("in-flight"), Table.of(8, "zero", ""));
        int descriptorsBefore = KernelHost.openDescriptors();
        CountingSyscalls counted = new CountingSyscalls();
        IoctlDeviceMapper closing = counted.deviceMapper();
        List<Future<StatusReport>> waits = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(17);
        CompletableFuture<Throwable> awaiting = new CompletableFuture<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                waits.add(threads.submit(() -> {
                    started.countDown();
                    return closing.waitEvent(device.ref(), device.eventNr(), QueryOptions.defaults()); // blocks in the kernel
                }));
            }
            Thread.ofPlatform().start(() -> {
                started.countDown();
                try {
                    Optional<DeviceInfo> woke = closing.awaitEvent(device.ref(), device.eventNr(), Duration.ofHours(1));
                    awaiting.complete(new AssertionError("woke: " + woke));
                } catch (Throwable t) {
                    awaiting.complete(t);
                }
            });
            started.await();
            while (counted.ioctls(CommandSpec.DEV_WAIT) < 16 || counted.ioctls(CommandSpec.DEV_ARM_POLL) < 1) {
                Thread.sleep(10); // every call is past its entry, so the close must wait for it
            }
            closing.close();
            assertThrows(ClosedException.class, () -> closing.info(device.ref()), "a call after close");
            assertThrows(ClosedException.class, closing::list);
            // the waiter on a watcher of the closed mapper ends at once (within its poll slice), not in an hour
            assertInstanceOf(ClosedException.class, awaiting.get(30, TimeUnit.SECONDS));
            assertEquals(1, counted.closes(), "only the watcher's descriptor is closed while waits are in the kernel");
            // an event lets the 16 waits in the kernel return; the last one closes the descriptor
            dm.rename(s.name("in-flight"), s.name("in-flight-2"));
            for (Future<StatusReport> w : waits) {
                assertTrue(w.get(30, TimeUnit.SECONDS).info().eventNr() != device.eventNr());
            }
        }
        assertEquals(2, counted.closes(), "the control descriptor is closed exactly once");
        closing.close();
        assertEquals(2, counted.closes());
        assertEquals(descriptorsBefore, KernelHost.openDescriptors());
    }

    @Test
    void twoThreadsRacingForOneNameLeaveExactlyTheWinnersDevice(DeviceMapper dm, DmScratch s) throws Exception {
        int rounds = 40;
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < rounds; round++) {
                DeviceName name = s.name("race" + round);
                CountDownLatch go = new CountDownLatch(1);
                // in odd rounds the second table is one the kernel refuses: that thread's rollback, if it won,
                // must remove its own device only
                boolean secondFails = round % 2 == 1;
                Future<DeviceInfo> a = threads.submit(() -> {
                    go.await();
                    return dm.createWithTable(name, Table.of(8, "zero", ""));
                });
                Future<DeviceInfo> b = threads.submit(() -> {
                    go.await();
                    return dm.createWithTable(name, secondFails ? Table.of(16, "zero", "refused") : Table.of(16, "zero", ""));
                });
                go.countDown();
                List<Object> outcomes = new ArrayList<>();
                for (Future<DeviceInfo> f : List.of(a, b)) {
                    try {
                        outcomes.add(f.get());
                    } catch (java.util.concurrent.ExecutionException e) {
                        outcomes.add(e.getCause());
                    }
                }
                long won = outcomes.stream().filter(o -> o instanceof DeviceInfo).count();
                Object lost = outcomes.stream().filter(o -> !(o instanceof DeviceInfo)).findFirst().orElse(null);
                if (won == 1) {
                    DeviceInfo winner = (DeviceInfo) outcomes.stream().filter(o -> o instanceof DeviceInfo).findFirst().orElseThrow();
                    assertTrue(lost instanceof DeviceExistsException || lost instanceof InvalidArgumentException, String.valueOf(lost));
                    DeviceInfo now = dm.info(DeviceRef.name(name));
                    assertEquals(winner.number(), now.number(), "the winner's device was replaced");
                    assertTrue(now.hasLiveTable(), "the loser's rollback touched the winner's device");
                    dm.remove(now.ref());
                } else {
                    // both refused: the first create lost to nobody, its table was refused and rolled back
                    assertEquals(0, won, String.valueOf(outcomes));
                    assertTrue(secondFails, String.valueOf(outcomes));
                    assertThrows(io.jdm.api.NoSuchDeviceException.class, () -> dm.info(DeviceRef.name(name)));
                }
            }
        }
        s.assertNothingLeft();
    }
}
