package io.jdm.testkit;

import io.jdm.api.Command;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.Errno;
import io.jdm.api.Table;
import io.jdm.testkit.fake.FakeKernel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeftoverSweeperTest {
    private final FakeKernel kernel = FakeKernel.create();
    private final DeviceMapper dm = kernel.open();
    private final DeviceNumber disk = kernel.addDisk(1024 * 1024);

    /** A device on the disk, or stacked on {@code uses} (each holds the devices its table maps onto open). */
    private DeviceInfo device(String name, DeviceInfo... uses) {
        Table.Builder table = Table.builder();
        if (uses.length == 0) {
            table.add(8, "linear", disk + " 0");
        }
        for (DeviceInfo lower : uses) {
            table.add(8, "linear", lower.number() + " 0");
        }
        return dm.createWithTable(DeviceName.of(name), table.build());
    }

    private SweepReport sweep(String prefix, Duration pause) {
        return new LeftoverSweeper(dm, 3, pause).sweep(prefix);
    }

    private SweepReport sweep(String prefix) {
        return sweep(prefix, Duration.ZERO);
    }

    /** The devices the kernel removed, in order. */
    private List<String> removals() {
        return kernel.calls().stream().filter(c -> c.command() == Command.DEV_REMOVE && !c.failed())
                .map(c -> ((DeviceRef.ByName) c.device().orElseThrow()).name().value()).toList();
    }

    private List<String> names() {
        return dm.list().stream().map(d -> d.name().value()).toList();
    }

    @Test
    void nothingToDoWhenNoDeviceHasThePrefix() {
        device("other-a");
        SweepReport report = sweep("jdmt-aaaaaa-");
        assertFalse(report.foundAny());
        assertEquals(List.of(), removals());
    }

    @Test
    void removesUsersBeforeTheDevicesTheyUse() {
        // names sort the wrong way round on purpose: base < mid < top alphabetically
        DeviceInfo base = device("jdmt-aaaaaa-a-base");
        DeviceInfo mid = device("jdmt-aaaaaa-b-mid", base);
        device("jdmt-aaaaaa-c-top", mid);
        device("jdmt-aaaaaa-d-side", base);
        device("jdmt-bbbbbb-keep");

        SweepReport report = sweep("jdmt-aaaaaa-");

        assertEquals(List.of("jdmt-aaaaaa-c-top", "jdmt-aaaaaa-d-side", "jdmt-aaaaaa-b-mid", "jdmt-aaaaaa-a-base"), removals());
        assertEquals(removals(), report.removed());
        assertEquals(List.of("jdmt-bbbbbb-keep"), names());
        assertFalse(report.leftSomething());
    }

    @Test
    void retriesBriefBusiness() {
        DeviceInfo x = device("jdmt-aaaaaa-x");
        kernel.faults().failNext(Command.DEV_REMOVE, x.name(), Errno.EBUSY).failNext(Command.DEV_REMOVE, x.name(), Errno.EBUSY);
        SweepReport report = sweep("jdmt-aaaaaa-");
        assertEquals(List.of("jdmt-aaaaaa-x"), report.removed());
    }

    @Test
    void resumesASuspendedBusyDeviceSoItsHolderCanLetGo() throws Exception {
        DeviceInfo x = device("jdmt-aaaaaa-x");
        dm.suspend(x.ref());
        // a write to a suspended device waits for the resume, holding the device open meanwhile
        CompletableFuture<Void> queued = CompletableFuture.runAsync(() -> {
            try {
                kernel.write(x.ref(), 0, 512);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        while (dm.info(x.ref()).openCount() == 0) {
            Thread.sleep(5);
        }
        kernel.clearCalls();
        SweepReport report = sweep("jdmt-aaaaaa-", Duration.ofMillis(100));
        queued.get(10, TimeUnit.SECONDS);
        assertEquals(List.of("DM_DEV_SUSPEND name 'jdmt-aaaaaa-x': resume"), kernel.calls().stream()
                .filter(c -> c.detail().equals("resume") && c.command() == Command.DEV_SUSPEND).map(Object::toString).toList());
        assertEquals(List.of("jdmt-aaaaaa-x"), report.removed());
    }

    @Test
    void defersWhatStaysBusyAndSaysSo() {
        DeviceInfo x = device("jdmt-aaaaaa-x");
        device("jdmt-aaaaaa-y");
        try (FakeKernel.Hold held = kernel.holdOpen(x.ref())) {
            SweepReport report = sweep("jdmt-aaaaaa-");
            assertEquals(List.of("jdmt-aaaaaa-y"), report.removed());
            assertEquals(List.of("jdmt-aaaaaa-x"), report.deferred());
            assertTrue(dm.info(x.ref()).deferredRemove());
            assertTrue(report.leftSomething());
            assertTrue(report.describe().contains("deferred"), report.describe());
        }
        assertEquals(List.of(), names(), "the deferred removal happened at the last close");
    }
}
