package io.jdm.thin;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.SuspendOptions;
import io.jdm.testkit.ForwardingDeviceMapper;
import io.jdm.testkit.fake.FakeKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import static io.jdm.thin.FakePool.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A set that stops dead at every step of a change (as a killed process would: nothing after that
 * step runs, the lock is dropped) and is opened again: the change is either complete or absent, the
 * pool holds exactly the recorded thin ids at the recorded transaction id, nothing is left suspended.
 * The same matrix runs with SIGKILLed child JVMs on a real kernel in VolumeCrashKernelTest.
 */
class CrashRecoveryTest {
    private static final VolumeId BASE = VolumeId.of("base");
    private static final VolumeId NEW = VolumeId.of("new");

    /** Thrown by the hook to stop the operation dead. */
    private static final class Crash extends Error {
        Crash(String step) {
            super("crashed at " + step, null, false, false);
        }
    }

    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        Steps.hook = s -> {
        };
    }

    private static void crashAt(String step) {
        Steps.hook = s -> {
            if (s.equals(step)) {
                throw new Crash(s);
            }
        };
    }

    private static void crash(VolumeSet set, Runnable operation) {
        assertThrows(Crash.class, operation::run);
        Steps.hook = s -> {
        };
        set.abandon();
    }

    @ParameterizedTest
    @ValueSource(strings = {"intent-written", "thin-created", "txid-committed", "record-written"})
    void createIsWholeOrAbsentAfterACrashAtEveryStep(String step) {
        FakePool p = new FakePool(dir);
        VolumeSet set = p.open();
        set.create(BASE, MIB);
        crashAt("create." + step);
        crash(set, () -> set.create(NEW, MIB));
        boolean committed = step.equals("txid-committed") || step.equals("record-written");
        try (VolumeSet again = p.open()) {
            assertEquals(committed, again.exists(NEW), again.recovery().toString());
            assertTrue(again.recovery().intent().isPresent(), "the open finished the interrupted create");
            assertConsistent(p, again, committed ? 2 : 1);
            again.create(VolumeId.of("after"), MIB);
            assertConsistent(p, again, committed ? 3 : 2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intent-written", "thin-created", "txid-committed", "record-written", "suspended"})
    void aSnapshotOfAnActiveOriginIsWholeOrAbsentAndTheOriginRunsAfterACrash(String step) {
        FakePool p = new FakePool(dir);
        VolumeSet first = p.open();
        first.create(BASE, MIB);
        first.activate(BASE);
        first.abandon();
        // the crash after the suspend happens inside ThinPool.createSnap: stop there through the device mapper
        DeviceMapper stopping = new ForwardingDeviceMapper(p.dm) {
            @Override
            public DeviceInfo suspend(DeviceRef device, SuspendOptions options) {
                DeviceInfo info = super.suspend(device, options);
                Steps.reached("snapshot.suspended");
                return info;
            }
        };
        VolumeSet set = VolumeSet.open(stopping, p.pool.ref(), p.stateDir, VolumeSetOptions.defaults(), p.reader());
        crashAt("snapshot." + step);
        crash(set, () -> set.snapshot(NEW, BASE));
        boolean committed = step.equals("txid-committed") || step.equals("record-written");
        try (VolumeSet again = p.open()) {
            assertEquals(committed, again.exists(NEW), again.recovery().toString());
            assertEquals(step.equals("suspended") ? java.util.List.of("pool-base") : java.util.List.of(),
                    again.recovery().resumed());
            assertConsistent(p, again, committed ? 2 : 1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intent-written", "thin-deleted", "txid-committed", "record-removed"})
    void removeIsWholeOrAbsentAfterACrashAtEveryStep(String step) {
        FakePool p = new FakePool(dir);
        VolumeSet set = p.open();
        set.create(BASE, MIB);
        set.create(NEW, MIB);
        crashAt("remove." + step);
        crash(set, () -> set.remove(NEW));
        // once the pool has deleted the thin device, the delete is finished, never undone
        boolean gone = !step.equals("intent-written");
        try (VolumeSet again = p.open()) {
            assertEquals(!gone, again.exists(NEW), again.recovery().toString());
            assertConsistent(p, again, gone ? 3 : 2);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"marked-pending", "deferred"})
    void aDeferredRemovalIsFinishedAfterACrashOnceTheVolumeIsFree(String step) throws Exception {
        FakePool p = new FakePool(dir);
        VolumeSet set = p.open(VolumeSetOptions.defaults().withDeferredRetry(Duration.ofHours(1)));
        set.create(BASE, MIB);
        set.activate(BASE);
        FakeKernel.Hold hold = p.kernel.holdOpen(DeviceRef.name("pool-base"));
        crashAt("remove." + step);
        crash(set, () -> set.remove(BASE));
        try (VolumeSet again = p.open(VolumeSetOptions.defaults().withDeferredRetry(Duration.ofMillis(20)))) {
            assertFalse(again.exists(BASE));
            assertTrue(p.dm.info(DeviceRef.name("pool-base")).deferredRemove(), "the open found the device in use and deferred its removal");
            hold.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!again.list().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertConsistent(p, again, 2);
            assertEquals(java.util.List.of(), again.list());
        }
    }

    /** Records, the pool's thin ids and transaction id agree; no device of the set is suspended. */
    static void assertConsistent(FakePool p, VolumeSet set, long txid) {
        assertEquals(txid, p.txid(), "pool transaction id");
        PoolAudit audit = set.audit();
        assertTrue(audit.clean(), audit.toString());
        Set<Long> recorded = new TreeSet<>();
        set.list().forEach(v -> recorded.add((long) v.thinId()));
        assertEquals(recorded, p.kernel.thinIds(p.pool.ref()).keySet());
        for (ListedDevice d : p.dm.list()) {
            assertFalse(p.dm.info(d.ref()).suspended(), d.name() + " is left suspended");
        }
    }
}
