package io.jdm.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThinCommandTest {
    @Test
    void sizesInSectorsOrBinaryUnits() {
        assertEquals(100, ThinCommand.sizeSectors("100"));
        assertEquals(100, ThinCommand.sizeSectors("100s"));
        assertEquals(128, ThinCommand.sizeSectors("64K"));
        assertEquals(2L * 1024 * 1024, ThinCommand.sizeSectors("1G"));
        assertThrows(CommandFailedException.class, () -> ThinCommand.sizeSectors("0"));
        assertThrows(CommandFailedException.class, () -> ThinCommand.sizeSectors("1X"));
    }

    @Test
    void thinIdsAre24Bits() {
        assertEquals(16777215, ThinCommand.thinId("16777215"));
        assertEquals("thin id 16777216 is over 24 bits (max 16777215)",
                assertThrows(CommandFailedException.class, () -> ThinCommand.thinId("16777216")).getMessage());
    }
}
