package io.jdm.testkit;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopDevice;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs sample test classes that leak devices, fail, or close what they were given, and checks that the
 * extension cleaned up after each and said what it did.
 */
@KernelTest
class DmTestExtensionKernelTest {
    private static final long SECTORS = 2048;
    /** What the last sample saw, for the checks after it ran. */
    static final AtomicReference<String> PREFIX = new AtomicReference<>();
    static final AtomicReference<LoopDevice> LOOP = new AtomicReference<>();
    static final AtomicReference<Path> TEMP = new AtomicReference<>();

    @KernelTest
    @ExtendWith(OnlyFromEngineTestKit.class)
    static class LeakingSample {
        @Test
        void leavesADevice(DeviceMapper dm, DmScratch scratch) {
            PREFIX.set(scratch.prefix());
            dm.create(scratch.name("leak"));
        }
    }

    @KernelTest
    @ExtendWith(OnlyFromEngineTestKit.class)
    static class StrictLeakingSample {
        @Test
        void promisesToCleanUpButDoesNot(DeviceMapper dm, DmScratch scratch) {
            PREFIX.set(scratch.prefix());
            scratch.expectNoLeftovers();
            dm.create(scratch.name("rollback-missed"));
        }
    }

    @KernelTest
    @ExtendWith(OnlyFromEngineTestKit.class)
    static class StrictCleanSample {
        @Test
        void cleansUpAfterItself(DeviceMapper dm, DmScratch scratch) {
            PREFIX.set(scratch.prefix());
            scratch.expectNoLeftovers();
            DeviceInfo d = dm.create(scratch.name("tidy"));
            dm.remove(d.ref());
            scratch.assertNothingLeft();
        }
    }

    /** A stack over a loop, left behind by a test that fails half way. */
    @KernelTest
    @ExtendWith(OnlyFromEngineTestKit.class)
    static class FailingStackSample {
        private DmScratch fromBeforeEach;

        @BeforeEach
        void setUp(DmScratch scratch) {
            fromBeforeEach = scratch;
        }

        @Test
        void failsWithAStackUp(DeviceMapper dm, DmScratch scratch) {
            assertSame(fromBeforeEach, scratch);
            PREFIX.set(scratch.prefix());
            TEMP.set(scratch.tempDir());
            LoopDevice loop = scratch.loop(SECTORS * 512);
            LOOP.set(loop);
            // names sort base < mid < top, the wrong order for removal
            DeviceInfo base = dm.createWithTable(scratch.name("a-base"), Table.of(SECTORS, "linear", loop.number() + " 0"));
            DeviceInfo mid = dm.createWithTable(scratch.name("b-mid"), Table.of(SECTORS, "linear", base.number() + " 0"));
            dm.createWithTable(scratch.name("c-top"), Table.of(SECTORS, "linear", mid.number() + " 0"));
            throw new AssertionError("the sample's own failure");
        }
    }

    /** Tests that close the shared DeviceMapper they were given don't break the next test or the cleanup. */
    @KernelTest
    @ExtendWith(OnlyFromEngineTestKit.class)
    static class ClosingSample {
        @Test
        void first(DeviceMapper dm, DmScratch scratch) {
            dm.create(scratch.name("x"));
            dm.close();
        }

        @Test
        void second(DeviceMapper dm, DmScratch scratch) {
            dm.create(scratch.name("x"));
            dm.close();
        }
    }

    /** A device named outside any scratch prefix: only the whole-kernel check after the class sees it. */
    @KernelTest
    @ExtendWith(OnlyFromEngineTestKit.class)
    static class LeakingOutsideThePrefixSample {
        static final String NAME = "jdm-selftest-outside-any-prefix";

        @Test
        void leavesAnUnprefixedDevice(DeviceMapper dm) {
            dm.create(io.jdm.api.DeviceName.of(NAME));
        }
    }

    private static List<String> devicesWith(DeviceMapper dm, String prefix) {
        return LeftoverSweeper.devicesWithPrefix(dm, prefix).stream().map(d -> d.name().value()).toList();
    }

    private static List<String> reports(EngineExecutionResults results) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("jdm-testkit"))
                .toList();
    }

    private static String failureMessage(EngineExecutionResults results) {
        return results.testEvents().failed().list().getFirst().getRequiredPayload(TestExecutionResult.class)
                .getThrowable().orElseThrow().getMessage();
    }

    @Test
    void aLeakedDeviceIsRemovedAndReported(DeviceMapper dm) {
        EngineExecutionResults results = OnlyFromEngineTestKit.run(LeakingSample.class);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        String prefix = PREFIX.get();
        assertEquals(List.of(), devicesWith(dm, prefix));
        List<String> reports = reports(results);
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.getFirst().contains("removed: " + prefix + "leak"), reports.getFirst());
    }

    @Test
    void withExpectNoLeftoversALeakFailsTheTest(DeviceMapper dm) {
        EngineExecutionResults results = OnlyFromEngineTestKit.run(StrictLeakingSample.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String prefix = PREFIX.get();
        String message = failureMessage(results);
        assertTrue(message.contains("expected to leave no devices"), message);
        assertTrue(message.contains(prefix + "rollback-missed"), message);
        assertEquals(List.of(), devicesWith(dm, prefix));
    }

    @Test
    void withExpectNoLeftoversATidyTestPassesQuietly(DeviceMapper dm) {
        EngineExecutionResults results = OnlyFromEngineTestKit.run(StrictCleanSample.class);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        assertEquals(List.of(), reports(results));
        assertEquals(List.of(), devicesWith(dm, PREFIX.get()));
    }

    @Test
    void aFailedTestsStackIsTakenDownTopFirstAndItsLoopAndFilesGo(DeviceMapper dm) {
        EngineExecutionResults results = OnlyFromEngineTestKit.run(FailingStackSample.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        assertEquals("the sample's own failure", failureMessage(results)); // not masked by the cleanup
        String prefix = PREFIX.get();
        assertEquals(List.of(), devicesWith(dm, prefix));
        String report = reports(results).getFirst();
        assertTrue(report.contains("removed: " + prefix + "c-top, " + prefix + "b-mid, " + prefix + "a-base"), report);
        assertFalse(LOOP.get().isAttached());
        assertFalse(Files.exists(Path.of("/sys/block/loop" + LOOP.get().index() + "/loop/backing_file")));
        assertFalse(Files.exists(TEMP.get()), TEMP.get() + " not deleted");
    }

    @Test
    void inTheThrowawayVmADeviceOutsideThePrefixFailsTheClassAndIsRemoved(DeviceMapper dm) {
        assumeTrue(ExclusiveKernelCheck.applies(), "only where the kernel is the tests' alone (jdm's VM)");
        EngineExecutionResults results = OnlyFromEngineTestKit.run(LeakingOutsideThePrefixSample.class);
        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        List<Throwable> classFailures = results.containerEvents().failed().list().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow()).toList();
        assertEquals(1, classFailures.size(), classFailures.toString());
        String message = classFailures.getFirst().getMessage();
        assertTrue(message.contains("outside any test's scratch prefix (removed: " + LeakingOutsideThePrefixSample.NAME + ")"), message);
        assertEquals(List.of(), devicesWith(dm, LeakingOutsideThePrefixSample.NAME));
    }

    @Test
    void aScratchOpenedByHandCleansUpOnClose(DeviceMapper dm) {
        DmScratch scratch = DmScratch.open(dm);
        LoopDevice loop;
        try (scratch) {
            loop = scratch.loop(SECTORS * 512);
            dm.createWithTable(scratch.name("by-hand"), Table.of(SECTORS, "linear", loop.number() + " 0"));
        }
        assertEquals(List.of(), devicesWith(dm, scratch.prefix()));
        assertFalse(loop.isAttached());

        DmScratch strict = DmScratch.open(dm);
        strict.expectNoLeftovers();
        dm.create(strict.name("forgotten"));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, strict::close);
        assertTrue(e.getMessage().contains("removed: " + strict.prefix() + "forgotten"), e.getMessage());
        assertEquals(List.of(), devicesWith(dm, strict.prefix()));
    }

    @Test
    void closingTheSharedDeviceMapperDoesNothing(DeviceMapper dm) {
        EngineExecutionResults results = OnlyFromEngineTestKit.run(ClosingSample.class);
        results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertEquals(2, reports(results).size());
        assertEquals(List.of(), devicesWith(dm, DmScratch.PREFIX_START).stream()
                .filter(n -> n.endsWith("-x")).toList());
    }
}
