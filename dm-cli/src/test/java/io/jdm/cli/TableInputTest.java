package io.jdm.cli;

import io.jdm.api.Table;
import io.jdm.api.TableLine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TableInputTest {
    @Test
    void skipsBlankAndCommentLinesAndDropsTrailingComments() {
        Table t = TableInput.parse("# pool\n\n  0 100 linear 7:0 2048 # first\n100 50 zero\n", "on stdin");
        assertEquals(Table.of(TableLine.of(0, 100, "linear", "7:0 2048 "), TableLine.of(100, 50, "zero", "")), t);
    }

    @Test
    void badLineNamedLikeDmsetup() {
        assertEquals("Invalid format on line 2 of table on stdin.",
                assertThrows(CommandFailedException.class, () -> TableInput.parse("0 8 zero\ngarbage", "on stdin")).getMessage());
        assertEquals("Invalid format on line 1 of table .",
                assertThrows(CommandFailedException.class, () -> TableInput.parse("x 8 zero", "")).getMessage());
    }
}
