package io.jdm.testkit;

import io.jdm.testkit.DmTestExtension.LeftoverVerdict;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a cleanup is a failure, when a warning, when nothing to say. */
class LeftoverVerdictTest {
    private static final String P = "jdmt-abc123-";
    private static final SweepReport REMOVED_ONE = new SweepReport(List.of(P + "a"), List.of(), Map.of());

    private static LeftoverVerdict verdict(boolean strict, SweepReport sweep, String... problems) {
        return new LeftoverVerdict(P, strict, new DmScratch.Cleanup(sweep, List.of(problems)));
    }

    @Test
    void aCleanTestGetsNothingSaid() {
        for (boolean strict : new boolean[] {false, true}) {
            assertNull(verdict(strict, SweepReport.empty()).failure());
            assertNull(verdict(strict, SweepReport.empty()).warning());
        }
    }

    @Test
    void aLeakIsAWarningUnlessTheTestPromisedNone() {
        assertNull(verdict(false, REMOVED_ONE).failure());
        assertEquals("the test left devices with prefix " + P + " behind; removed: " + P + "a",
                verdict(false, REMOVED_ONE).warning());

        String failure = verdict(true, REMOVED_ONE).failure();
        assertEquals("the test expected to leave no devices, but devices with prefix " + P
                + " were still there after it: removed: " + P + "a", failure);
        assertNull(verdict(true, REMOVED_ONE).warning());
    }

    @Test
    void aDeviceThatCouldNotBeRemovedAlwaysFails() {
        SweepReport stuck = new SweepReport(List.of(), List.of(), Map.of(P + "b", "DM_DEV_REMOVE failed: EIO"));
        String failure = verdict(false, stuck).failure();
        assertTrue(failure.contains("could not remove " + P + "b: DM_DEV_REMOVE failed: EIO"), failure);
    }

    @Test
    void loopAndFileProblemsAreWarnings() {
        LeftoverVerdict v = verdict(false, SweepReport.empty(), "could not delete /tmp/x: boom");
        assertNull(v.failure());
        assertEquals("could not delete /tmp/x: boom", v.warning());
    }
}
