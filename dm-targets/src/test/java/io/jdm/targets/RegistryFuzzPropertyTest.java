package io.jdm.targets;

import io.jdm.api.InvalidInputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The lenient registry never fails, whatever the params; the strict parsers fail only with
 * {@link InvalidInputException} (never an NPE, index or number-format error).
 */
class RegistryFuzzPropertyTest {

    @Property(tries = 3000)
    void lenientNeverThrowsAndStrictOnlyRefuses(@ForAll("types") String type, @ForAll("params") String params) {
        Target t = Targets.of(type, params);
        assertNotNull(t);
        assertEquals(type, t.type());
        try {
            Target strict = Targets.parse(type, params);
            assertEquals(strict, t);
        } catch (InvalidInputException expected) {
            assertEquals(new RawTarget(type, params), t);
        }
    }

    @Property(tries = 1000)
    void mutatedRealParams(@ForAll("real") Target real, @ForAll("cut") int cut, @ForAll("noise") String noise) {
        String text = real.format();
        int at = Math.min(cut, text.length());
        for (String p : new String[] {text.substring(0, at), text.substring(0, at) + noise + text.substring(at), text.substring(at)}) {
            lenientNeverThrowsAndStrictOnlyRefuses(real.type(), p);
        }
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of(Targets.knownTypes().toArray(new String[0]));
    }

    @Provide
    Arbitrary<Target> real() {
        return Gen.any();
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(0, 200);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.of("", " ", ":", "-", "0", "99999999999999999999", "4294967296", "x", "/", " 1 ", ":1:logon:",
                "sector_size:", "integrity:", "corrupt_bio_byte", "r", "5");
    }

    @Provide
    Arbitrary<String> params() {
        Arbitrary<String> word = Arbitraries.of("0", "1", "2", "3", "4", "5", "8", "11", "128", "4294967296", "-1", "7:0", "7:1",
                "/dev/x", "x", ":", ":32:logon:k", ":x:y:z", "-", "P", "PO", "N", "error_reads", "drop_writes", "error_writes",
                "corrupt_bio_byte", "random_read_corrupt", "random_write_corrupt", "r", "w", "skip_block_zeroing",
                "read_only", "discard_zeroes_cow", "writethrough", "default", "allow_discards", "sector_size:4096",
                "integrity:16:aead", "integrity:x", "00ff", "0g", "");
        return word.list().ofMaxSize(14).map(ws -> String.join(" ", ws));
    }
}
