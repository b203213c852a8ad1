package io.jdm.api;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Utf8Test {
    @Property(tries = 2000)
    void countsWhatTheEncoderWrites(@ForAll String s) {
        assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s));
    }

    @Test
    void everyWidthAndBrokenSurrogates() {
        for (String s : new String[] {"", "a", "é", "€", "😀", "\ud83d", "\ude00", "x\ud83dy", "\ude00\ud83d", "a😀é€"}) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, Utf8.length(s), s);
        }
    }
}
