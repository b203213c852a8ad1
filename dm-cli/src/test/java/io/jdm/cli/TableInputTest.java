package io.jdm.cli;

import io.jdm.api.Table;
import io.jdm.api.TableLine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void numbersTheKernelCannotHoldOrOtherDigitsAreAnInvalidFormat() {
        for (String line : new String[] {"18446744073709551616 8 zero", "0 18446744073709551615 zero", "\u0661 8 zero", "+0 8 zero"}) {
            assertEquals("Invalid format on line 1 of table on stdin.",
                    assertThrows(CommandFailedException.class, () -> TableInput.parse(line, "on stdin")).getMessage(), line);
        }
        // CRLF line ends are separators the kernel skips too
        assertEquals(Table.of(TableLine.of(0, 8, "linear", "7:0 0"), TableLine.of(8, 8, "zero", "")),
                TableInput.parse("0 8 linear 7:0 0\r\n8 8 zero\r\n", "on stdin"));
    }

    @Test
    void inputIsBoundedAndMustBeUtf8() throws Exception {
        java.io.InputStream endless = new java.io.InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return 0;
            }
        };
        CommandFailedException tooBig = assertThrows(CommandFailedException.class, () -> TableInput.text(endless, "stdin"));
        assertTrue(tooBig.getMessage().contains("larger than " + TableInput.MAX_BYTES), tooBig.getMessage());
        assertThrows(CommandFailedException.class, () -> TableInput.text(
                new java.io.ByteArrayInputStream(new byte[] {'0', ' ', '8', ' ', 'z', (byte) 0xff}), "stdin"));
        // binary within the cap: NUL is refused by the table's own rules before anything is sent
        assertThrows(io.jdm.api.InvalidInputException.class,
                () -> TableInput.parse(TableInput.text(new java.io.ByteArrayInputStream("0 8 zero a\0b".getBytes()), "stdin"), "on stdin"));
    }
}
