package io.jdm.targets.status;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import io.jdm.targets.TargetKind;
import io.jdm.targets.TargetKinds;

import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every status parser, fed random text, word soup made of its own vocabulary, and truncations and
 * mutations of real texts, returns a value or a parse error naming the text, and never throws.
 */
class StatusFuzzPropertyTest {
    /** Every kind's status parser, as the dispatch finds them. */
    private static final List<Function<String, StatusResult<?>>> PARSERS = TargetKinds.all().stream()
            .filter(TargetKind::hasStatus)
            .<Function<String, StatusResult<?>>>map(kind -> text -> TargetStatuses.parse(kind.type(), text).orElseThrow())
            .toList();

    private static final List<String> SAMPLES = List.of(
            "3 12/1024 5/160 - rw discard_passdown queue_if_no_space - 256 ",
            "0 9/1024 160/160 17 out_of_data_space ignore_discard error_if_no_space needs_check 256",
            "256 2047", "0 -", "7:0 fail_read_on_bad_block verbose", "253:4 bypass quiet", "32/8192 16", "Merge failed", "8 24/4096 1 -", "2 7:0 7:1 1 AD", "1 2 3",
            "8 27/4096 128 3/256 10 20 30 40 1 2 0 1 writeback 2 migration_threshold 2048 smq 0 rw - ");

    private static void neverThrows(String text) {
        for (Function<String, StatusResult<?>> parser : PARSERS) {
            StatusResult<?> r = parser.apply(text);
            assertNotNull(r);
            switch (r) {
                case StatusResult.Parsed<?> p -> assertNotNull(p.value());
                case StatusResult.Failed<?> f -> assertEquals(text, f.error().text());
            }
        }
    }

    @org.junit.jupiter.api.Test
    void everyTypedStatusIsFuzzed() {
        assertEquals(9, PARSERS.size());
        assertTrue(PARSERS.size() == TargetKinds.all().stream().filter(TargetKind::hasStatus).count());
    }

    @Property(tries = 2000)
    void randomText(@ForAll String text) {
        neverThrows(text);
    }

    @Property(tries = 3000)
    void wordSoup(@ForAll("soup") String text) {
        neverThrows(text);
    }

    @Property(tries = 2000)
    void truncatedAndMutatedSamples(@ForAll("samples") String sample, @ForAll("cut") int cut, @ForAll("noise") String noise) {
        int at = Math.min(cut, sample.length());
        neverThrows(sample.substring(0, at));
        neverThrows(sample.substring(0, at) + noise + sample.substring(at));
        neverThrows(sample.substring(at));
    }

    @Provide
    Arbitrary<String> samples() {
        return Arbitraries.of(SAMPLES);
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(0, 120);
    }

    @Provide
    Arbitrary<String> noise() {
        return Arbitraries.of("", " ", "/", "-", "9999999999999999999", "18446744073709551615", "x", ":", "0", "\t", "A", "D",
                "99999", "/0", "7:");
    }

    @Provide
    Arbitrary<String> soup() {
        Arbitrary<String> word = Arbitraries.of("Fail", "Error", "-", "Invalid", "Merge", "failed", "Overflow", "Unknown",
                "0", "1", "2", "5", "4294967296", "9223372036854775807", "9223372036854775808", "12/1024", "/", "1/", "/1",
                "rw", "ro", "out_of_data_space", "discard_passdown", "ignore_discard", "queue_if_no_space",
                "error_if_no_space", "needs_check", "7:0", "8:16", "AA", "AD", "writeback", "smq", "migration_threshold",
                "2048", "bypass", "fail_read_on_bad_block", "quiet", "verbose", "");
        return word.list().ofMaxSize(25).map(ws -> String.join(" ", ws));
    }
}
