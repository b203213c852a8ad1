package io.jdm.thin;

import io.jdm.api.Command;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.InvalidInputException;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.api.Table;
import io.jdm.testkit.fake.FakeKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.jdm.thin.FakePool.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VolumeSet on the fake kernel: lifecycle, snapshots, deferred deletion, bad input, the free-space guard. */
class VolumeSetTest {
    private static final VolumeId BASE = VolumeId.of("base");
    private static final VolumeId SNAP = VolumeId.of("snap");

    @TempDir
    Path dir;

    @Test
    void createActivateSnapshotRemoveEachCommitOneTransactionId() throws Exception {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            assertEquals(0, p.txid());
            VolumeRecord base = set.create(BASE, 32 * MIB);
            assertEquals(0, base.thinId());
            assertEquals(1, p.txid());
            assertTrue(set.exists(BASE));
            Path dev = set.activate(BASE);
            assertEquals(Path.of("/dev/mapper/pool-base"), dev);
            assertEquals(dev, set.activate(BASE), "activating twice gives the same device");
            p.kernel.write(DeviceRef.name("pool-base"), 0, 4 * MIB);
            assertEquals(4 * MIB, set.info(BASE).mappedBytes());

            p.kernel.clearCalls();
            VolumeRecord snap = set.snapshot(SNAP, BASE);
            assertEquals(1, snap.thinId());
            assertEquals(Optional.of(BASE), snap.parent());
            assertEquals(32 * MIB, snap.virtualSize());
            assertEquals(2, p.txid());
            List<Command> calls = p.kernel.calls().stream().map(FakeKernel.Call::command).toList();
            assertTrue(calls.indexOf(Command.DEV_SUSPEND) < calls.indexOf(Command.TARGET_MSG), "the active origin is suspended first: " + calls);
            assertFalse(p.dm.info(DeviceRef.name("pool-base")).suspended(), "and resumed after");
            assertEquals(4 * MIB, set.info(SNAP).mappedBytes(), "the snapshot shares the origin's blocks");
            assertFalse(set.info(SNAP).active());

            assertEquals(List.of(BASE, SNAP), set.list().stream().map(Volume::id).toList());
            set.deactivate(BASE);
            assertThrows(NoSuchDeviceException.class, () -> p.dm.info(DeviceRef.name("pool-base")));
            assertEquals(VolumeSet.Removal.REMOVED, set.remove(BASE));
            assertEquals(3, p.txid());
            assertFalse(set.exists(BASE));
            assertEquals(Set.of(1L), p.kernel.thinIds(p.pool.ref()).keySet());
            assertTrue(set.audit().clean(), set.audit().toString());
            assertEquals(0, set.create(BASE, MIB).thinId(), "a freed thin id is reused");
        }
    }

    @Test
    void closeDeactivatesWhatTheSetActivatedAndReopenFindsTheVolumes() {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            set.create(BASE, 8 * MIB);
            set.activate(BASE);
        }
        assertThrows(NoSuchDeviceException.class, () -> p.dm.info(DeviceRef.name("pool-base")));
        try (VolumeSet set = p.open()) {
            assertTrue(set.recovery().nothingToDo(), set.recovery().toString());
            assertTrue(set.exists(BASE));
            assertEquals(8 * MIB, set.info(BASE).virtualSize());
        }
    }

    @Test
    void withoutReleaseOnCloseActivationsOutliveTheSetForTheNextOpener() {
        FakePool p = new FakePool(dir);
        VolumeSetOptions keep = VolumeSetOptions.defaults().withReleaseOnClose(false);
        try (VolumeSet set = p.open(keep)) {
            set.create(BASE, 8 * MIB);
            set.activate(BASE);
        }
        assertTrue(p.dm.info(DeviceRef.name("pool-base")).hasLiveTable());
        try (VolumeSet set = p.open()) {
            assertTrue(set.info(BASE).active());
            set.deactivate(BASE);
        }
    }

    @Test
    void openingASetOfInactiveVolumesAsksTheKernelAboutNoneOfThemOneByOne() {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            for (int i = 0; i < 20; i++) {
                set.create(VolumeId.of("v" + i), MIB);
            }
            set.activate(VolumeId.of("v7"));
            set.abandon(); // v7 stays active for the next opener
        }
        p.kernel.clearCalls();
        try (VolumeSet set = p.open()) {
            assertTrue(set.recovery().nothingToDo(), set.recovery().toString());
            // the open pass lists the devices once; only the active volume's device is looked at (info, table)
            Set<String> lookedAt = p.kernel.calls().stream()
                    .filter(c -> c.command() == Command.DEV_STATUS || c.command() == Command.TABLE_STATUS)
                    .flatMap(c -> c.device().stream())
                    .map(d -> d instanceof DeviceRef.ByName n ? n.name().value() : d.toString())
                    .collect(java.util.stream.Collectors.toSet());
            assertEquals(Set.of("pool", "pool-v7"), lookedAt);
            assertEquals(1, p.kernel.calls().stream().filter(c -> c.command() == Command.LIST_DEVICES).count());
            assertEquals(20, set.list().size());
        }
    }

    @Test
    void aSecondOpenerIsRefused() {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            VolumeStateException e = assertThrows(VolumeStateException.class, p::open);
            assertEquals(VolumeStateException.Kind.LOCKED, e.kind());
        }
    }

    @Test
    void badInputChangesNothing() {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            set.create(BASE, MIB);
            Map<String, String> before = p.stateFiles();
            long txid = p.txid();
            assertUnchanged(p, before, txid, InvalidInputException.class, () -> set.create(VolumeId.of("a"), 0));
            assertUnchanged(p, before, txid, InvalidInputException.class, () -> set.create(VolumeId.of("a"), -512));
            assertUnchanged(p, before, txid, InvalidInputException.class, () -> set.create(VolumeId.of("a"), 513));
            assertUnchanged(p, before, txid, InvalidInputException.class,
                    () -> set.create(VolumeId.of("a"), VolumeSetOptions.DEFAULT_MAX_VIRTUAL_SIZE + 512));
            assertUnchanged(p, before, txid, InvalidInputException.class, () -> set.create(VolumeId.of("a/b"), MIB));
            assertKind(VolumeException.Kind.EXISTS, assertUnchanged(p, before, txid, VolumeException.class, () -> set.create(BASE, MIB)));
            assertKind(VolumeException.Kind.NOT_FOUND, assertUnchanged(p, before, txid, VolumeException.class,
                    () -> set.snapshot(SNAP, VolumeId.of("ghost"))));
            assertKind(VolumeException.Kind.NOT_FOUND, assertUnchanged(p, before, txid, VolumeException.class,
                    () -> set.remove(VolumeId.of("ghost"))));
            assertKind(VolumeException.Kind.NOT_FOUND, assertUnchanged(p, before, txid, VolumeException.class,
                    () -> set.activate(VolumeId.of("ghost"))));
        }
    }

    @Test
    void anIdTooLongForADeviceNameWithThePrefixIsRefusedBeforeAnything() {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open(VolumeSetOptions.defaults().withDevicePrefix("p".repeat(40)))) {
            Map<String, String> before = p.stateFiles();
            InvalidInputException e = assertUnchanged(p, before, 0, InvalidInputException.class,
                    () -> set.create(VolumeId.of("x".repeat(96)), MIB));
            assertTrue(e.getMessage().contains("137 bytes"), e.getMessage());
            set.create(VolumeId.of("x".repeat(86)), MIB);
        }
    }

    @Test
    void aFailedPoolMessageLeavesStateAndPoolAsTheyWere() {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            set.create(BASE, MIB);
            Map<String, String> before = p.stateFiles();
            p.kernel.faults().failNext(Command.TARGET_MSG, io.jdm.api.Errno.ENOMEM);
            assertUnchanged(p, before, 1, io.jdm.api.KernelException.class, () -> set.create(VolumeId.of("a"), MIB));
            assertEquals(Set.of(0L), p.kernel.thinIds(p.pool.ref()).keySet());
            assertTrue(set.audit().clean());
        }
    }

    @Test
    void aFailedTransactionCommitDeletesTheNewThinDevice() {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            Map<String, String> before = p.stateFiles();
            // the first message (create_thin) passes; the set_transaction_id after it fails
            FakeKernel.Faults faults = p.kernel.faults();
            Steps.hook = step -> {
                if (step.equals("create.thin-created")) {
                    faults.failNext(Command.TARGET_MSG, io.jdm.api.Errno.ENOMEM);
                }
            };
            try {
                assertUnchanged(p, before, 0, io.jdm.api.KernelException.class, () -> set.create(BASE, MIB));
            } finally {
                Steps.hook = s -> {
                };
            }
            assertEquals(Set.of(), p.kernel.thinIds(p.pool.ref()).keySet());
        }
    }

    @Test
    void theFreeSpaceGuardRefusesACreateBelowTheMinimum() throws Exception {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            set.create(BASE, 64 * MIB);
            set.activate(BASE);
            p.kernel.write(DeviceRef.name("pool-base"), 0, 58 * MIB);
            Map<String, String> before = p.stateFiles();
            VolumeException e = assertUnchanged(p, before, 1, VolumeException.class, () -> set.create(SNAP, MIB));
            assertKind(VolumeException.Kind.NO_SPACE, e);
            assertTrue(e.getMessage().contains("below the minimum of 10%"), e.getMessage());
            assertTrue(set.usage().freeDataFraction() < 0.1);
        }
        try (VolumeSet set = p.open(VolumeSetOptions.defaults().withMinFreeSpacePercent(5))) {
            set.create(SNAP, MIB);
        }
    }

    @Test
    void removingAnOpenVolumeIsDeferredAndFinishedByTheBackgroundRetry() throws Exception {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open(VolumeSetOptions.defaults().withDeferredRetry(Duration.ofMillis(20)))) {
            set.create(BASE, MIB);
            set.activate(BASE);
            FakeKernel.Hold hold = p.kernel.holdOpen(DeviceRef.name("pool-base"));
            assertEquals(VolumeSet.Removal.DEFERRED, set.remove(BASE));
            assertFalse(set.exists(BASE));
            assertEquals(VolumeRecord.State.DELETE_PENDING, set.info(BASE).state());
            assertTrue(p.dm.info(DeviceRef.name("pool-base")).deferredRemove());
            assertKind(VolumeException.Kind.EXISTS, assertThrows(VolumeException.class, () -> set.create(BASE, MIB)));
            hold.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!set.list().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(), set.list());
            assertEquals(Set.of(), p.kernel.thinIds(p.pool.ref()).keySet());
            assertEquals(2, p.txid());
        }
    }

    @Test
    void aDeferredDeletionLeftPendingAtCloseIsFinishedAtTheNextOpen() {
        FakePool p = new FakePool(dir);
        leavePendingDeletionOfBase(p).close();
        try (VolumeSet set = p.open()) {
            assertEquals(List.of(BASE), set.recovery().deletesFinished());
            assertEquals(List.of(), set.list());
            assertEquals(Set.of(), p.kernel.thinIds(p.pool.ref()).keySet());
        }
    }

    @Test
    void aThinIdStillBusyJustAfterItsDeviceWentIsDeletedOnceTheKernelLetsGo() {
        FakePool p = new FakePool(dir);
        leavePendingDeletionOfBase(p).close(); // the device goes; the kernel's teardown still holds the thin id for a moment
        java.util.concurrent.atomic.AtomicInteger busy = new java.util.concurrent.atomic.AtomicInteger(3);
        var tearingDown = new io.jdm.testkit.ForwardingDeviceMapper(p.dm) {
            @Override
            public Optional<String> message(DeviceRef device, long sector, String message) {
                if (message.startsWith("delete ") && busy.getAndDecrement() > 0) {
                    throw io.jdm.api.KernelException.of(Command.TARGET_MSG, device, 16, message);
                }
                return super.message(device, sector, message);
            }
        };
        try (VolumeSet set = VolumeSet.open(tearingDown, p.pool.ref(), p.stateDir, VolumeSetOptions.defaults(), p.reader())) {
            assertEquals(List.of(BASE), set.recovery().deletesFinished(), "finished at this open, not a later one");
            assertEquals(Set.of(), p.kernel.thinIds(p.pool.ref()).keySet());
        }
    }

    @Test
    void aDeviceOfTheVolumesNameThatMapsSomethingElseIsNotTouched() {
        FakePool p = new FakePool(dir);
        p.dm.createWithTable(DeviceName.of("pool-base"), Table.of(8, "zero", ""));
        try (VolumeSet set = p.open()) {
            set.create(BASE, MIB);
            VolumeException e = assertThrows(VolumeException.class, () -> set.activate(BASE));
            assertKind(VolumeException.Kind.BUSY, e);
            assertTrue(e.getMessage().contains("not this set's"), e.getMessage());
        }
        assertEquals("zero", p.dm.table(DeviceRef.name("pool-base")).table().lines().getFirst().type());
    }

    @Test
    void aPoolChangedBehindTheSetsBackIsReported() {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            set.create(BASE, MIB);
        }
        io.jdm.targets.message.ThinPool.of(p.dm, p.pool.ref()).setTransactionId(1, 7);
        VolumeStateException e = assertThrows(VolumeStateException.class, p::open);
        assertEquals(VolumeStateException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("changed by someone else"), e.getMessage());
        // and the refused open let go of the directory
        io.jdm.targets.message.ThinPool.of(p.dm, p.pool.ref()).setTransactionId(7, 1);
        try (VolumeSet set = p.open()) {
            assertTrue(set.exists(BASE));
        }
    }

    @Test
    void thinIdsThePoolHeldBeforeTheSetAreNeverReusedAndTheAuditNamesThem() {
        FakePool p = new FakePool(dir);
        io.jdm.targets.message.ThinPool.of(p.dm, p.pool.ref()).createThin(0);
        try (VolumeSet set = p.open()) {
            assertEquals(1, set.create(BASE, MIB).thinId());
            PoolAudit audit = set.audit();
            assertEquals(Set.of(0L), audit.orphanThinIds().keySet());
            assertFalse(audit.clean());
        }
    }

    private static <T extends Throwable> T assertUnchanged(FakePool p, Map<String, String> before, long txid, Class<T> type,
                                                          Executable action) {
        T e = assertThrows(type, action);
        assertEquals(before, p.stateFiles(), "the state directory is unchanged after " + e);
        assertEquals(txid, p.txid(), "the pool's transaction id is unchanged after " + e);
        return e;
    }

    @Test
    void anActivationWhileThePoolIsSuspendedForATableSwapWaitsForTheResumeAndSucceeds() throws Exception {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open()) {
            set.create(BASE, 8 * MIB);
            // what an autoextend does: the pool suspended, a thin activation refused by the kernel meanwhile
            p.dm.suspend(p.pool.ref());
            assertThrows(InvalidArgumentException.class, () -> p.dm.createWithTable(DeviceName.of("direct"),
                    Table.of(8 * MIB / 512, "thin", p.pool.number() + " " + set.info(BASE).thinId())), "the kernel refuses it");
            CompletableFuture<Path> activated = CompletableFuture.supplyAsync(() -> set.activate(BASE));
            Thread.sleep(200);
            assertFalse(activated.isDone(), "waiting for the pool");
            p.dm.resume(p.pool.ref());
            Path dev = activated.get(10, TimeUnit.SECONDS);
            assertTrue(set.info(BASE).active(), dev.toString());
            assertEquals(Set.of("pool", "pool-base"), names(p));
        }
    }

    @Test
    void anActivationWhileThePoolStaysSuspendedFailsAsPoolSuspendedAndLeavesNoDevice() {
        FakePool p = new FakePool(dir);
        try (VolumeSet set = p.open(VolumeSetOptions.defaults().withPoolSuspendWait(Duration.ofMillis(100)))) {
            set.create(BASE, 8 * MIB);
            p.dm.suspend(p.pool.ref());
            VolumeException e = assertThrows(VolumeException.class, () -> set.activate(BASE));
            assertKind(VolumeException.Kind.POOL_SUSPENDED, e);
            assertTrue(e.getMessage().contains("pool") && e.getMessage().contains("suspended"), e.getMessage());
            assertTrue(e.getCause() instanceof InvalidArgumentException, "the kernel's refusal is the cause");
            assertEquals(Set.of("pool"), names(p), "the refused device was removed");
            p.dm.resume(p.pool.ref());
            assertTrue(set.activate(BASE).toString().contains("base"), "activates once the pool is live");
        }
    }

    @Test
    void aRefusalAfterWhichThePoolIsAlreadyLiveAgainIsTriedAgainAndAnotherReasonIsPassedOn() {
        FakePool p = new FakePool(dir);
        java.util.concurrent.atomic.AtomicInteger refusals = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger toRefuse = new java.util.concurrent.atomic.AtomicInteger();
        // the kernel refused the thin while the pool was suspended; by the time anyone looks, it is resumed
        var racy = new io.jdm.testkit.ForwardingDeviceMapper(p.dm) {
            @Override
            public io.jdm.api.DeviceInfo load(DeviceRef device, Table table, io.jdm.api.LoadOptions options) {
                if (table.lines().getFirst().type().equals("thin") && toRefuse.getAndDecrement() > 0) {
                    refusals.incrementAndGet();
                    throw io.jdm.api.KernelException.of(Command.TABLE_LOAD, device, 22, table.toString());
                }
                return super.load(device, table, options);
            }
        };
        try (VolumeSet set = VolumeSet.open(racy, p.pool.ref(), p.stateDir, VolumeSetOptions.defaults(), p.reader())) {
            set.create(BASE, 8 * MIB);
            toRefuse.set(1);
            assertTrue(set.activate(BASE).toString().contains("base"));
            assertEquals(1, refusals.get());
            set.deactivate(BASE);
            toRefuse.set(Integer.MAX_VALUE); // refused for good, the pool live: not a suspend
            refusals.set(0);
            assertThrows(InvalidArgumentException.class, () -> set.activate(BASE));
            assertEquals(3, refusals.get(), "two more tries, then the kernel's error");
            assertEquals(Set.of("pool"), names(p), "nothing left of the refused creates");
        }
    }

    @Test
    void aNegativePoolSuspendWaitIsRefused() {
        assertThrows(InvalidInputException.class, () -> VolumeSetOptions.defaults().withPoolSuspendWait(Duration.ofSeconds(-1)));
    }

    /** A set closed with the deletion of BASE deferred (its device held open: the hold returned) and left pending. */
    private static FakeKernel.Hold leavePendingDeletionOfBase(FakePool p) {
        try (VolumeSet set = p.open(VolumeSetOptions.defaults().withDeferredRetry(Duration.ofHours(1)))) {
            set.create(BASE, MIB);
            set.activate(BASE);
            FakeKernel.Hold hold = p.kernel.holdOpen(DeviceRef.name("pool-base"));
            assertEquals(VolumeSet.Removal.DEFERRED, set.remove(BASE));
            return hold;
        }
    }

    private static Set<String> names(FakePool p) {
        return p.dm.list().stream().map(d -> d.name().value()).collect(java.util.stream.Collectors.toSet());
    }

    private static void assertKind(VolumeException.Kind kind, VolumeException e) {
        assertEquals(kind, e.kind(), e.getMessage());
    }
}
