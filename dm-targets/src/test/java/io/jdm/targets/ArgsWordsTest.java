package io.jdm.targets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class ArgsWordsTest {
    @Provide
    Arbitrary<String> params() {
        // the six characters \s matches, a Unicode space it does not, and word characters
        return Arbitraries.strings().withChars(" \t\n\u000b\f\r\u2003ab:7").ofMaxLength(30)
                .map(String::strip).filter(s -> !s.isEmpty());
    }

    @Property(tries = 2000)
    void splitsExactlyAsTheRegexDid(@ForAll("params") String text) {
        assertArrayEquals(text.split("\\s+"), Args.words(text), text);
    }
}
