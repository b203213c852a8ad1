package io.jdm.testkit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeftoverSweeperTest {
    private final FakeKernel kernel = new FakeKernel();

    private SweepReport sweep(String prefix) {
        return new LeftoverSweeper(kernel.mapper(), 3, Duration.ZERO).sweep(prefix);
    }

    @Test
    void nothingToDoWhenNoDeviceHasThePrefix() {
        kernel.add("other-a");
        SweepReport report = sweep("jdmt-aaaaaa-");
        assertFalse(report.foundAny());
        assertEquals(List.of(), kernel.removals);
    }

    @Test
    void removesUsersBeforeTheDevicesTheyUse() {
        // names sort the wrong way round on purpose: base < mid < top alphabetically
        var base = kernel.add("jdmt-aaaaaa-a-base");
        var mid = kernel.add("jdmt-aaaaaa-b-mid", base);
        kernel.add("jdmt-aaaaaa-c-top", mid);
        kernel.add("jdmt-aaaaaa-d-side", base);
        kernel.add("jdmt-bbbbbb-keep");

        SweepReport report = sweep("jdmt-aaaaaa-");

        assertEquals(List.of("jdmt-aaaaaa-c-top", "jdmt-aaaaaa-d-side", "jdmt-aaaaaa-b-mid", "jdmt-aaaaaa-a-base"),
                kernel.removals);
        assertEquals(kernel.removals, report.removed());
        assertTrue(kernel.devices.containsKey("jdmt-bbbbbb-keep"));
        assertFalse(report.leftSomething());
    }

    @Test
    void retriesBriefBusiness() {
        kernel.add("jdmt-aaaaaa-x").busyTimes = 2;
        SweepReport report = sweep("jdmt-aaaaaa-");
        assertEquals(List.of("jdmt-aaaaaa-x"), report.removed());
    }

    @Test
    void resumesASuspendedBusyDeviceSoItsHolderCanLetGo() {
        var d = kernel.add("jdmt-aaaaaa-x");
        d.suspended = true;
        d.heldOpen = true;
        SweepReport report = sweep("jdmt-aaaaaa-");
        assertEquals(List.of("jdmt-aaaaaa-x"), kernel.resumed);
        assertEquals(List.of("jdmt-aaaaaa-x"), report.removed());
    }

    @Test
    void defersWhatStaysBusyAndSaysSo() {
        kernel.add("jdmt-aaaaaa-x").heldOpen = true;
        kernel.add("jdmt-aaaaaa-y");
        SweepReport report = sweep("jdmt-aaaaaa-");
        assertEquals(List.of("jdmt-aaaaaa-y"), report.removed());
        assertEquals(List.of("jdmt-aaaaaa-x"), report.deferred());
        assertTrue(kernel.devices.get("jdmt-aaaaaa-x").deferred);
        assertTrue(report.leftSomething());
        assertTrue(report.describe().contains("deferred"), report.describe());
    }
}
