package io.jdm.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArgParserTest {
    private static Invocation parse(String... args) {
        return ArgParser.parse(List.of(args));
    }

    @Test
    void optionsMayComeAnywhereAndTheFirstWordIsTheCommand() {
        Invocation inv = parse("--noheadings", "info", "-c", "a", "-o", "name,uuid", "b");
        assertEquals("info", inv.command());
        assertEquals(List.of("a", "b"), inv.args());
        assertTrue(inv.has("noheadings"));
        assertTrue(inv.has("columns"));
        assertEquals("name,uuid", inv.options().value("options").orElseThrow());
    }

    @Test
    void valuesAttachedOrSeparateAndBundledFlags() {
        Invocation inv = parse("ls", "-otree", "--target=thin", "-Cv");
        assertEquals("tree", inv.options().value("options").orElseThrow());
        assertEquals("thin", inv.options().value("target").orElseThrow());
        assertTrue(inv.has("columns"), "-C is --columns as in dmsetup");
        assertTrue(inv.has("verbose"));
    }

    @Test
    void uniquePrefixOfALongOptionIsAccepted() {
        assertTrue(parse("info", "--nohead").has("noheadings"));
    }

    @Test
    void doubleDashEndsOptions() {
        assertEquals(List.of("-weird"), parse("remove", "--", "-weird").args());
    }

    @Test
    void errorsUseGetoptWording() {
        assertEquals("unrecognized option '--bogus'", assertThrows(UsageException.class, () -> parse("info", "--bogus")).getMessage());
        assertEquals("invalid option -- 'z'", assertThrows(UsageException.class, () -> parse("-z")).getMessage());
        assertEquals("option '--table' requires an argument",
                assertThrows(UsageException.class, () -> parse("create", "x", "--table")).getMessage());
        assertEquals("option '--no' is ambiguous", assertThrows(UsageException.class, () -> parse("--no")).getMessage());
    }
}
