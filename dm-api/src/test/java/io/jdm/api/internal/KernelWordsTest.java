package io.jdm.api.internal;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's word splitting (dm_split_args over the kernel's isspace), against a byte-level model of it. */
class KernelWordsTest {

    @Test
    void theKernelsSpacesAreNineToThirteenThirtyTwoAndA0() {
        List<Integer> spaces = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            if (KernelWords.isSpace(b)) {
                spaces.add(b);
            }
        }
        assertEquals(List.of(9, 10, 11, 12, 13, 32, 0xA0), spaces);
    }

    @Test
    void runsOfAnySpaceSeparateWords() {
        assertArrayEquals(new String[] {"aes", "key", "0"}, KernelWords.split("  aes\t\tkey \n\u000b\f\r 0 "));
        assertEquals(0, KernelWords.split(" \t ").length);
        assertEquals("a \tb", KernelWords.strip("\t a \tb \r\n"));
    }

    @Test
    void charactersWhoseUtf8HoldsA0AreFound() {
        assertEquals(1, KernelWords.firstCutCharacter("a\u00a0b"));   // C2 A0, no-break space
        assertEquals(0, KernelWords.firstCutCharacter("\u00e0"));     // C3 A0, 'à'
        assertEquals(2, KernelWords.firstCutCharacter("xy\u0820"));   // E0 A0 A0
        assertEquals(0, KernelWords.firstCutCharacter(new String(Character.toChars(0x10820)))); // F0 90 A0 A0
        assertEquals(-1, KernelWords.firstCutCharacter("\u00e9t\u00e9 \u20ac")); // C3 A9, E2 82 AC
        assertEquals(-1, KernelWords.firstCutCharacter("\ud800")); // a lone surrogate goes out as '?'
        assertFalse(KernelWords.isOneWord("a\u00e0"));
        assertTrue(KernelWords.isOneWord("\u00e9t\u00e9"));
        String why = KernelWords.whyNotSendable("params", "aes \u00e0 0");
        assertTrue(why.contains("U+00E0 at character 4"), why);
        assertNull(KernelWords.whyNotSendable("params", "aes k 0"));
    }

    @Property
    void splitsTheWayTheKernelSplitsTheUtf8Bytes(@ForAll("kernelText") String text) {
        if (KernelWords.firstCutCharacter(text) >= 0) {
            return; // such text is refused before it is sent
        }
        assertEquals(bytewise(text), List.of(KernelWords.split(text)));
        assertEquals(bytewise(text).size(), KernelWords.count(text));
    }

    @Property
    void wordBoundsAgreeWithSplit(@ForAll("kernelText") String text) {
        if (KernelWords.firstCutCharacter(text) >= 0) {
            return;
        }
        String[] words = KernelWords.split(text);
        for (int i = 0; i <= words.length; i++) {
            int[] bounds = KernelWords.wordBounds(KernelWords.ByteSource.of(text), text.length(), i);
            if (i == words.length) {
                assertNull(bounds);
            } else {
                assertEquals(words[i], text.substring(bounds[0], bounds[1]));
            }
        }
    }

    /** dm_split_args over the UTF-8 bytes: a byte model written apart from the code under test. */
    private static List<String> bytewise(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>();
        ByteArrayOutputStream word = new ByteArrayOutputStream();
        for (byte b : bytes) {
            int u = b & 0xff;
            boolean space = u == 32 || (u >= 9 && u <= 13) || u == 0xA0;
            if (space) {
                if (word.size() > 0) {
                    words.add(word.toString(StandardCharsets.UTF_8));
                    word.reset();
                }
            } else {
                word.write(u);
            }
        }
        if (word.size() > 0) {
            words.add(word.toString(StandardCharsets.UTF_8));
        }
        return words;
    }

    @Provide
    Arbitrary<String> kernelText() {
        return Arbitraries.strings().withChars(" \t\n\u000b\f\r\u00a0\u00e0\u00e9\u0820\u20ac").withCharRange('!', '~')
                .ofMaxLength(40);
    }
}
