package io.jdm.testkit;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.DeviceMapperUnavailableException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without device-mapper a kernel test fails and says why and what to do; it skips only when told to. */
class UnreachableDeviceMapperTest {

    @Tag("kernel")
    @ExtendWith(OnlyFromEngineTestKit.class)
    static class SimulatedSample {
        @RegisterExtension
        static final DmTestExtension DM = DmTestExtension.withOpener(() -> {
            throw new DeviceMapperUnavailableException("simulated: /dev/mapper/control does not exist");
        });

        @Test
        void takesScratch(DmScratch scratch) {
        }

        @Test
        void takesDeviceMapper(DeviceMapper dm) {
        }

        @Test
        void takesNothing() {
        }
    }

    /** The real implementation, pointed at a control node that is not there. */
    @Tag("kernel")
    @ExtendWith(OnlyFromEngineTestKit.class)
    static class MissingControlNodeSample {
        @RegisterExtension
        static final DmTestExtension DM = DmTestExtension.withOptions(
                DeviceMapperOptions.defaults().withControlPath(Path.of("/nonexistent/jdm/control")));

        @Test
        void takesDeviceMapper(DeviceMapper dm) {
        }
    }

    private static List<Throwable> failures(EngineExecutionResults results) {
        return results.testEvents().failed().stream()
                .map(e -> e.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .toList();
    }

    private static String fullText(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString();
    }

    /**
     * Runs a sample with the skip property as given (null: unset), whatever this JVM was started with:
     * {@code -Djdm.skipKernelTests=true} on the build reaches this JVM too.
     */
    private static EngineExecutionResults runWithSkip(String skip, Class<?> sample) {
        String before = System.getProperty(KernelAccess.SKIP_PROPERTY);
        set(skip);
        try {
            return OnlyFromEngineTestKit.run(sample);
        } finally {
            set(before);
        }
    }

    private static void set(String skip) {
        if (skip == null) {
            System.clearProperty(KernelAccess.SKIP_PROPERTY);
        } else {
            System.setProperty(KernelAccess.SKIP_PROPERTY, skip);
        }
    }

    @Test
    void everyTestFailsWithTheReasonAndTheWayOut() {
        EngineExecutionResults results = runWithSkip(null, SimulatedSample.class);
        results.testEvents().assertStatistics(s -> s.started(3).failed(3).skipped(0).aborted(0));
        for (Throwable t : failures(results)) {
            String text = fullText(t);
            assertTrue(text.contains("simulated: /dev/mapper/control does not exist"), text);
            assertTrue(text.contains("tools/vm"), text);
            assertTrue(text.contains("-Djdm.skipKernelTests=true"), text);
        }
    }

    @Test
    void theRealImplementationReportsAMissingControlNodeTheSameWay() {
        EngineExecutionResults results = runWithSkip(null, MissingControlNodeSample.class);
        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        String text = fullText(failures(results).getFirst());
        assertTrue(text.contains("/nonexistent/jdm/control"), text);
        assertTrue(text.contains("-Djdm.skipKernelTests=true"), text);
    }

    @Test
    void skipsOnlyWhenAskedOutLoud() {
        EngineExecutionResults results = runWithSkip("true", SimulatedSample.class);
        // beforeAll aborts the class: its tests never start
        results.containerEvents().assertStatistics(s -> s.aborted(1));
        results.testEvents().assertStatistics(s -> s.started(0).failed(0));
        Event aborted = results.containerEvents().aborted().list().getFirst();
        String reason = aborted.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow().getMessage();
        assertTrue(reason.contains("-Djdm.skipKernelTests=true"), reason);
        assertEquals(3, runWithSkip(null, SimulatedSample.class).testEvents().failed().count());
    }
}
