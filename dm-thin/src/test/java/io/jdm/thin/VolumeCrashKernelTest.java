package io.jdm.thin;

import io.jdm.api.DeviceMapper;
import io.jdm.api.ListedDevice;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.ChildJvm;
import io.jdm.testkit.CrashPoint;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.jdm.thin.VolumeCrashChild.BASE;
import static io.jdm.thin.VolumeCrashChild.NEW;
import static io.jdm.thin.VolumeSetKernelTest.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The crash matrix: for every step of create, snapshot (of an active origin, also between its suspend
 * and resume), remove and deferred remove, a child JVM is killed with SIGKILL there. Opening the set
 * again finishes or undoes the change: the volume exists exactly when the pool committed it, every
 * committed volume reads back its checksum, the audit finds no orphan thin id and no lost volume,
 * no device is left suspended, and thin_check passes on the metadata.
 */
@KernelTest
class VolumeCrashKernelTest {
    private static final List<String> CREATE_STEPS = List.of("intent-written", "thin-created", "txid-committed", "record-written");

    record Case(String op, String step) {
        String point() {
            return (op.startsWith("remove") ? "remove" : op) + "." + step;
        }

        /** Whether the change must be found complete after the crash. */
        boolean done() {
            return switch (op) {
                case "create", "snapshot" -> step.equals("txid-committed") || step.equals("record-written");
                case "remove" -> !step.equals("intent-written");
                default -> true; // a deferred removal: the volume is gone for the caller from the first step
            };
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        CREATE_STEPS.forEach(s -> cases.add(new Case("create", s)));
        CREATE_STEPS.forEach(s -> cases.add(new Case("snapshot", s)));
        cases.add(new Case("snapshot", "suspended"));
        List.of("intent-written", "thin-deleted", "txid-committed", "record-removed").forEach(s -> cases.add(new Case("remove", s)));
        List.of("marked-pending", "deferred").forEach(s -> cases.add(new Case("remove-deferred", s)));
        return cases;
    }

    private record Child(Case c, VolumeSetKernelTest.Rig rig, String checksum, FileChannel held, CrashPoint.Child jvm) {
    }

    @Test
    void aChildKilledAtEveryStepOfEveryChangeLeavesAConsistentSet(DeviceMapper dm, DmScratch s) throws Exception {
        List<Case> all = cases();
        int batch = 5; // JVM starts in the VM are slow; a few at once keep memory in bounds
        List<String> report = new ArrayList<>();
        for (int from = 0; from < all.size(); from += batch) {
            List<Child> children = new ArrayList<>();
            long started = System.nanoTime();
            long reached;
            try {
                for (int i = from; i < Math.min(all.size(), from + batch); i++) {
                    children.add(start(dm, s, i, all.get(i)));
                }
                for (Child child : children) {
                    child.jvm().awaitAndKill(Duration.ofMinutes(5)); // a guard against a child that hangs
                }
                reached = System.nanoTime();
            } finally {
                children.forEach(c -> c.jvm().process().destroyForcibly());
            }
            try {
                for (Child child : children) {
                    report.add(child.c().point() + ": " + verify(dm, s, child));
                }
                // where the time goes (printed, not asserted): set-up and children, then the checks
                report.add(String.format("batch %d: set-up and children %.1f s, checks %.1f s", from / batch,
                        (reached - started) / 1e9, (System.nanoTime() - reached) / 1e9));
            } finally {
                // a failed check must not leave a device held open (its deferred removal would outlive the test)
                for (Child child : children) {
                    if (child.held() != null) {
                        child.held().close();
                    }
                }
            }
        }
        System.out.println("volume crash matrix, " + all.size() + " child JVMs killed:\n  " + String.join("\n  ", report));
    }

    private static Child start(DeviceMapper dm, DmScratch s, int n, Case c) throws Exception {
        VolumeSetKernelTest.Rig rig = VolumeSetKernelTest.Rig.create(dm, s, "c" + n, 64 * MIB);
        String checksum;
        FileChannel held = null;
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults().withReleaseOnClose(false))) {
            set.create(BASE, 16 * MIB);
            Path dev = set.activate(BASE);
            byte[] data = BlockIo.pattern(n, (int) MIB);
            BlockIo.write(dev, 0, data);
            checksum = BlockIo.sha256(data);
            if (c.op().equals("remove")) {
                set.create(NEW, 16 * MIB);
            }
            if (c.op().equals("remove-deferred")) {
                held = FileChannel.open(dev, StandardOpenOption.READ);
            } else if (!c.op().equals("snapshot")) {
                set.deactivate(BASE);
            }
        }
        List<String> command = ChildJvm.command(e -> e.contains("dm-api") || e.contains("dm-ioctl") || e.contains("dm-targets")
                        || e.contains("dm-thin") || e.contains("dm-testkit") || e.endsWith("test-classes"),
                VolumeCrashChild.class, c.op(), rig.pool().name().value(), rig.stateDir().toString(), c.point());
        return new Child(c, rig, checksum, held, CrashPoint.start(command, c.point()));
    }

    private static String verify(DeviceMapper dm, DmScratch s, Child child) throws Exception {
        Case c = child.c();
        VolumeSetKernelTest.Rig rig = child.rig();
        for (ListedDevice d : dm.list()) {
            if (d.name().value().startsWith(rig.pool().name().value() + "-") && dm.info(d.ref()).suspended()) {
                assertEquals("snapshot.suspended", c.point(), d.name() + " is suspended after a crash at " + c.point());
            }
        }
        String recovered;
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults().withDeferredRetry(Duration.ofMillis(100)))) {
            recovered = set.recovery().toString();
            for (ListedDevice d : dm.list()) {
                // only this case's devices: the other children of the batch are verified after it
                if (d.name().value().startsWith(rig.pool().name().value())) {
                    assertFalse(dm.info(d.ref()).suspended(), d.name() + " is still suspended after the open: " + recovered);
                }
            }
            assertEquals(c.point().equals("snapshot.suspended"), !set.recovery().resumed().isEmpty(), recovered);
            VolumeId changed = c.op().equals("remove-deferred") ? BASE : NEW;
            boolean creates = c.op().equals("create") || c.op().equals("snapshot");
            assertEquals(creates == c.done(), set.exists(changed), c + ": " + recovered);
            if (child.held() != null) {
                child.held().close();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (set.list().stream().anyMatch(v -> v.id().equals(BASE))) {
                    assertTrue(System.nanoTime() < deadline, c + ": the deferred deletion did not finish");
                    Thread.sleep(50);
                }
            }
            for (Volume v : set.list()) {
                Path dev = set.activate(v.id());
                // every committed volume reads back its data: the base and a snapshot of it the base's, a new one zeros
                String expected = v.id().equals(NEW) && !c.op().equals("snapshot")
                        ? BlockIo.sha256(new byte[(int) MIB]) : child.checksum();
                assertEquals(expected, BlockIo.sha256(BlockIo.read(dev, 0, (int) MIB)), c + ": " + v.id());
                set.deactivate(v.id());
            }
            PoolAudit audit = set.audit();
            assertTrue(audit.clean(), c + ": " + audit);
        }
        rig.removeAndCheck(dm);
        return recovered;
    }
}
