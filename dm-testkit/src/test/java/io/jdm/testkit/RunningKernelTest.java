package io.jdm.testkit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunningKernelTest {

    @Test
    void readsTheSeriesOfEachDebianRelease() {
        assertEquals("5.10", RunningKernel.parse("5.10.0-46-amd64").series());
        assertEquals("6.1", RunningKernel.parse("6.1.0-57-amd64").series());
        assertEquals("6.12", RunningKernel.parse("6.12.118+deb13-amd64").series());
        assertEquals("6.18", RunningKernel.parse("6.18").series());
    }

    @Test
    void comparesMajorBeforeMinor() {
        RunningKernel k = RunningKernel.parse("6.1.0-57-amd64");
        assertTrue(k.atLeast(6, 1));
        assertTrue(k.atLeast(5, 10));
        assertFalse(k.atLeast(6, 12));
        assertFalse(RunningKernel.parse("5.10.0-46-amd64").atLeast(6, 0));
    }

    @Test
    void refusesWhatIsNoRelease() {
        assertThrows(IllegalArgumentException.class, () -> RunningKernel.parse(""));
        assertThrows(IllegalArgumentException.class, () -> RunningKernel.parse("six.one"));
        assertThrows(IllegalArgumentException.class, () -> RunningKernel.parse("6"));
    }

    @Test
    void theCurrentKernelIsTheJvmsOsVersion() {
        assertEquals(System.getProperty("os.version"), RunningKernel.current().release());
    }
}
