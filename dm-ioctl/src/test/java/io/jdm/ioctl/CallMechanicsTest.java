package io.jdm.ioctl;

import io.jdm.api.ClosedException;
import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceExistsException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.EventWatcher;
import io.jdm.api.KernelException;
import io.jdm.api.QueryOptions;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.ioctl.internal.CommandSpec;
import io.jdm.ioctl.internal.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The call mechanics around the kernel: interrupted calls, close with calls in flight, errno meanings. */
@Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard, not a measure: every wait below ends on an event
class CallMechanicsTest {
    private static final DeviceRef DEV = DeviceRef.name("w");
    private final FakeKernel kernel = new FakeKernel();
    private final IoctlDeviceMapper dm = kernel.deviceMapper();

    @Test
    void anInterruptedWaitOrSuspendIsMadeAgainAndOthersAreNot() {
        DeviceInfo info = dm.createWithTable(DeviceName.of("w"), Table.of(8, "zero", ""));
        kernel.event("w");
        kernel.failNext = CommandSpec.DEV_WAIT;
        kernel.failNextErrno = FakeKernel.EINTR;
        kernel.failNextCount = 2;
        StatusReport woke = dm.waitEvent(DEV, info.eventNr(), QueryOptions.defaults());
        assertEquals(info.eventNr() + 1, woke.info().eventNr());
        assertEquals(3, kernel.calls(CommandSpec.DEV_WAIT));

        kernel.failNext = CommandSpec.DEV_SUSPEND;
        kernel.failNextCount = 1;
        assertTrue(dm.suspend(DEV).suspended());
        assertEquals(2, kernel.calls(CommandSpec.DEV_SUSPEND) - 1); // the createWithTable's resume, then two tries
        kernel.failNextCount = 1;
        assertTrue(!dm.resume(DEV).suspended());

        kernel.failNext = CommandSpec.DEV_STATUS;
        kernel.failNextCount = 1;
        KernelException e = assertThrows(KernelException.class, () -> dm.info(DEV));
        assertEquals("EINTR", e.errnoName());

        // made again, but not without end
        kernel.failNext = CommandSpec.DEV_WAIT;
        kernel.failNextCount = Integer.MAX_VALUE;
        int before = kernel.calls(CommandSpec.DEV_WAIT);
        KernelException endless = assertThrows(KernelException.class, () -> dm.waitEvent(DEV, 0, QueryOptions.defaults()));
        assertEquals("EINTR", endless.errnoName());
        assertEquals(65, kernel.calls(CommandSpec.DEV_WAIT) - before);
    }

    @Test
    void enxioFromCreateMeansTheMinorIsTaken() {
        dm.create(DeviceName.of("a"), CreateOptions.defaults().withMinor(4000));
        DeviceExistsException e = assertThrows(DeviceExistsException.class,
                () -> dm.create(DeviceName.of("b"), CreateOptions.defaults().withMinor(4000)));
        assertEquals("ENXIO", e.errnoName());
        assertTrue(e.getMessage().contains("minor=4000"), e.getMessage());
    }

    @Test
    void closeEndsTheWaitsOfWatchersAndAwaitEvent() throws Exception {
        DeviceInfo info = dm.createWithTable(DeviceName.of("w"), Table.of(8, "zero", ""));
        EventWatcher watcher = dm.watchEvents();
        watcher.arm();
        CompletableFuture<Throwable> watching = new CompletableFuture<>();
        CompletableFuture<Throwable> awaiting = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                watcher.await(Duration.ofHours(1));
                watching.complete(null);
            } catch (Throwable t) {
                watching.complete(t);
            }
        });
        Thread.ofPlatform().start(() -> {
            try {
                awaiting.complete(dm.awaitEvent(info.ref(), info.eventNr(), Duration.ofHours(1)).isPresent() ? null : new AssertionError("timed out"));
            } catch (Throwable t) {
                awaiting.complete(t);
            }
        });
        // both are waiting on descriptors of their own: an hour, unless the close ends it
        while (kernel.openDescriptors() < 3) {
            Thread.onSpinWait();
        }
        dm.close();
        assertInstanceOf(ClosedException.class, watching.get());
        assertInstanceOf(ClosedException.class, awaiting.get());
        assertEquals(0, kernel.openDescriptors());
        assertEquals(0, kernel.badCloses());
    }

    @Test
    void closeWithSixteenCallsInFlightClosesTheDescriptorOnceAfterTheLast() throws Exception {
        DeviceInfo info = dm.createWithTable(DeviceName.of("w"), Table.of(8, "zero", ""));
        int closesBefore = kernel.closes();
        CountDownLatch started = new CountDownLatch(16);
        List<Future<StatusReport>> inFlight = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 16; i++) {
                inFlight.add(threads.submit(() -> {
                    started.countDown();
                    return dm.waitEvent(DEV, info.eventNr(), QueryOptions.defaults()); // blocks in the kernel
                }));
            }
            started.await();
            while (kernel.calls(CommandSpec.DEV_WAIT) < 16) {
                Thread.onSpinWait();
            }
            dm.close();
            assertThrows(ClosedException.class, () -> dm.info(DEV), "a call after close");
            assertThrows(ClosedException.class, dm::watchEvents);
            assertEquals(closesBefore, kernel.closes(), "the descriptor was closed under calls in flight");
            kernel.event("w");
            for (Future<StatusReport> f : inFlight) {
                assertEquals(info.eventNr() + 1, f.get().info().eventNr());
            }
        }
        assertEquals(closesBefore + 1, kernel.closes());
        assertEquals(0, kernel.badCloses());
        dm.close();
        assertEquals(closesBefore + 1, kernel.closes(), "closing twice closes once");
    }

    @Test
    void aRequestCarriesAnEventNumberOrACookieNeverBoth() {
        Request<Object> r = Request.of(CommandSpec.DEV_WAIT, DEV, b -> null).withEventNr(0xffffffffL);
        assertEquals(-1, r.eventNr());
        assertThrows(IllegalArgumentException.class, () -> r.withCookie(1));
        assertThrows(io.jdm.api.InvalidInputException.class, () -> r.withEventNr(-1));
        assertThrows(io.jdm.api.InvalidInputException.class, () -> r.withEventNr(1L << 32));
        assertEquals(Optional.empty(), Optional.ofNullable(r.sent()));
    }
}
