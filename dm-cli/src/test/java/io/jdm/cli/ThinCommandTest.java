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
    void numbersAreAsciiDigitsOnly() {
        assertEquals(16777216, ThinCommand.number("16777216", "thin id"));
        for (String bad : new String[] {"-1", "+1", "\u0661", "1e3", "", "99999999999999999999"}) {
            assertThrows(CommandFailedException.class, () -> ThinCommand.number(bad, "thin id"), bad);
        }
        assertThrows(CommandFailedException.class, () -> ThinCommand.sizeSectors("\u0661G"));
        assertThrows(CommandFailedException.class, () -> ThinCommand.sizeSectors("9999999999999999T"));
    }
}
