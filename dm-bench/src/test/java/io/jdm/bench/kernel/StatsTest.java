package io.jdm.bench.kernel;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StatsTest {
    @Test
    void medianAndQuartilesOfAnOddCount() {
        Stats s = Stats.of(List.of(5.0, 1.0, 4.0, 2.0, 3.0));
        assertEquals(3.0, s.median());
        assertEquals(1.0, s.min());
        assertEquals(5.0, s.max());
        assertEquals(2.0, s.q1());
        assertEquals(4.0, s.q3());
        assertEquals(5, s.samples());
        assertEquals(200.0 / 3, s.spreadPercent(), 1e-9);
    }

    @Test
    void medianOfAnEvenCountInterpolates() {
        Stats s = Stats.of(List.of(10.0, 40.0, 20.0, 30.0));
        assertEquals(25.0, s.median());
        assertEquals(17.5, s.q1());
        assertEquals(32.5, s.q3());
    }

    @Test
    void oneSampleIsItsOwnSpread() {
        Stats s = Stats.of(List.of(7.0));
        assertEquals(7.0, s.median());
        assertEquals(0.0, s.spreadPercent());
    }

    @Test
    void noSamplesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Stats.of(List.of()));
    }
}
