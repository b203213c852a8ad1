package io.jdm.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableTest {

    @Test
    void builderComputesContiguousStarts() {
        Table t = Table.builder().add(100, "linear", "7:0 0").add(50, "zero", "").build();
        assertEquals(0, t.lines().get(0).start());
        assertEquals(100, t.lines().get(1).start());
        assertEquals(150, t.sectors());
        assertEquals("0 100 linear 7:0 0\n100 50 zero\n", t.toString());
    }

    @Test
    void gapsOverlapsAndLateStartsAreRefused() {
        TableLine a = TableLine.of(0, 100, "zero", "");
        assertTrue(assertThrows(InvalidInputException.class, () -> Table.of(a, TableLine.of(101, 1, "zero", "")))
                .getMessage().contains("gap"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Table.of(a, TableLine.of(99, 1, "zero", "")))
                .getMessage().contains("overlap"));
        assertTrue(assertThrows(InvalidInputException.class, () -> Table.of(TableLine.of(8, 1, "zero", "")))
                .getMessage().contains("sector 0"));
    }

    @Test
    void lineRulesAreTheKernels() {
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 0, "zero", ""));
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, -1, "zero", ""));
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 1, "a-type-of-16-chr", ""));
        TableLine.of(0, 1, "a-type-of-15-ch", "");
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 1, "", ""));
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 1, "two words", ""));
        assertThrows(InvalidInputException.class, () -> TableLine.of(0, 1, "zero", "nul\0"));
        assertThrows(InvalidInputException.class, () -> TableLine.of(TableLine.MAX_SECTORS, 1, "zero", ""));
        TableLine.of(TableLine.MAX_SECTORS - 1, 1, "zero", "");
    }

    @Test
    void backslashesAreDoubledForTheKernel() {
        assertEquals("a\\\\b \\\\\\\\", TableLine.of(0, 1, "x", "a\\b \\\\").escapedParams());
        assertEquals("plain", TableLine.of(0, 1, "x", "plain").escapedParams());
    }

    @Test
    void parsesDmsetupTableText() {
        Table t = Table.parse("# comment\n0 100 linear 7:0 2048\n\n100 8 error\n");
        assertEquals(2, t.lines().size());
        assertEquals("7:0 2048", t.lines().get(0).params());
        assertEquals("", t.lines().get(1).params());
        assertThrows(InvalidInputException.class, () -> Table.parse("0 x linear"));
        assertThrows(InvalidInputException.class, () -> Table.parse("0 100"));
    }

    @Test
    void aCryptKeyNeverShowsInTheTextForm() {
        String key = "babebabebabebabebabebabebabebabebabebabebabebabebabebabebabebabe";
        TableLine line = TableLine.of(0, 2048, "crypt", "aes-xts-plain64 " + key + " 0 7:0 0 1 allow_discards");
        assertEquals("0 2048 crypt aes-xts-plain64 <key withheld> 0 7:0 0 1 allow_discards", line.toString());
        assertFalse(Table.of(line).toString().contains(key));
        assertTrue(line.params().contains(key), "what goes to the kernel keeps the key");
        // keyring references and "-" are not secrets; other targets are shown as they are
        assertEquals("0 8 crypt aes-xts-plain64 :32:logon:jdm:k 0 7:0 0", TableLine.of(0, 8, "crypt", "aes-xts-plain64 :32:logon:jdm:k 0 7:0 0").toString());
        assertEquals("0 8 crypt capi:cbc(aes)-plain - 0 7:0 0", TableLine.of(0, 8, "crypt", "capi:cbc(aes)-plain - 0 7:0 0").toString());
        assertEquals("0 8 linear 7:0 " + key.length(), TableLine.of(0, 8, "linear", "7:0 " + key.length()).toString());
    }
}
