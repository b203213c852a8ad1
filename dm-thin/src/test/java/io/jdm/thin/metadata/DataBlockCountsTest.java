package io.jdm.thin.metadata;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DataBlockCountsTest {

    @Test
    void countsSaturateAtTwoAndNeighboursStayApart() {
        DataBlockCounts counts = new DataBlockCounts(3L << 20);
        long[] blocks = {0, 1, 31, 32, 63, (1L << 20) - 1, 1L << 20, (3L << 20) - 1};
        for (long b : blocks) {
            assertEquals(0, counts.count(b));
            counts.add(b);
            assertEquals(1, counts.count(b), "block " + b);
        }
        for (int i = 0; i < 5; i++) {
            counts.add(32);
        }
        assertEquals(2, counts.count(32), "two or more");
        assertEquals(1, counts.count(31));
        assertEquals(1, counts.count(63));
        assertEquals(0, counts.count(33));
        assertEquals(0, counts.count(2L << 20), "an untouched page");
    }

    @Test
    void aCountNoMappingCanAddressIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DataBlockCounts(DataBlockCounts.MAX_BLOCKS + 1));
        assertThrows(IllegalArgumentException.class, () -> new DataBlockCounts(-1));
        assertEquals(0, new DataBlockCounts(0).blockCount());
    }
}
