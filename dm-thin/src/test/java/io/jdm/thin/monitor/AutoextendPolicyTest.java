package io.jdm.thin.monitor;

import io.jdm.api.InvalidInputException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AutoextendPolicyTest {
    private static final AutoextendPolicy.Rule LVM = AutoextendPolicy.Rule.of(80, 20);

    @Test
    void theThresholdIsReachedAtExactlyItsShare() {
        assertFalse(LVM.reached(79, 100));
        assertTrue(LVM.reached(80, 100));
        assertTrue(LVM.reached(5, 5), "a full space has always reached it");
    }

    @Test
    void extendingRepeatsThePercentOfTheCurrentSizeUntilBelowTheThreshold() {
        assertEquals(100, LVM.extendedSize(79, 100, Long.MAX_VALUE), "below the threshold nothing grows");
        assertEquals(120, LVM.extendedSize(80, 100, Long.MAX_VALUE), "80/120 is under 80%: one step");
        // 99/120 = 82.5% is still over: a second step of 20% of 120
        assertEquals(144, LVM.extendedSize(99, 100, Long.MAX_VALUE));
        assertEquals(130, LVM.extendedSize(99, 100, 130), "never beyond the maximum");
        assertEquals(130, LVM.extendedSize(120, 130, 130), "at the maximum nothing grows");
        assertEquals(2, LVM.extendedSize(1, 1, Long.MAX_VALUE), "a step is at least one unit");
    }

    @Test
    void theLowWaterMarkIsTheFreeSpaceLeftAtTheThreshold() {
        assertEquals(20, LVM.lowWaterMark(100));
        assertEquals(204, LVM.lowWaterMark(1024), "1024 * 0.8 = 819.2: used reaches the threshold at 820 blocks");
        assertEquals(0, AutoextendPolicy.Rule.of(100, 20).lowWaterMark(1024), "off: the kernel's event fires when full");
    }

    @Test
    void thresholdsOutsideLvmsLimitsAndPercentsBelowOneAreRefused() {
        assertThrows(InvalidInputException.class, () -> AutoextendPolicy.Rule.of(49, 20));
        assertThrows(InvalidInputException.class, () -> AutoextendPolicy.Rule.of(101, 20));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> AutoextendPolicy.Rule.of(80, 0));
        assertTrue(e.getMessage().contains("percent"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> AutoextendPolicy.of(80, -5));
        assertThrows(InvalidInputException.class, () -> LVM.withMaximumBytes(0));
    }

    @Test
    void thresholdHundredWatchesWithoutExtending() {
        AutoextendPolicy.Rule off = AutoextendPolicy.watchOnly().data();
        assertFalse(off.extending());
        assertEquals(100, off.extendedSize(100, 100, Long.MAX_VALUE));
    }

    @Test
    void hugeSizesDoNotWrap() {
        long big = Long.MAX_VALUE / 50;
        assertTrue(LVM.extendedSize(big, big, Long.MAX_VALUE) > big);
    }
}
