package io.jdm.api;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Utf8Test {
    @Property(tries = 2000)
    void countsWhatTheEncoderWrites(@ForAll String s) {
        assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s));
    }

    @Test
    void aReplacementCharacterCountsAsTheOneByteItMayStandForOnlyInDecodedText() {
        assertEquals(3, Utf8.length("\ufffd"));
        assertEquals(1, Utf8.decodedLength("\ufffd"));
        assertEquals(1 + 2 + 1, Utf8.decodedLength("a\u00e9\ufffd"));
        assertTrue(Utf8.isInexact("a\ufffd") && Utf8.isInexact("\ud800") && Utf8.isInexact("x\ude00"));
        assertFalse(Utf8.isInexact("a\ud83d\ude00b\u00a0"));
    }

    @Test
    void everyWidthAndBrokenSurrogates() {
        for (String s : new String[] {"", "a", "é", "€", "😀", "\ud83d", "\ude00", "x\ud83dy", "\ude00\ud83d", "a😀é€"}) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s), s);
        }
    }
}
