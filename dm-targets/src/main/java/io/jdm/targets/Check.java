package io.jdm.targets;

import io.jdm.api.InvalidInputException;
import io.jdm.api.internal.KernelWords;

import java.util.List;

/** Constructor validation shared by the target records; each message names the target, field and value. */
final class Check {
    static final long U32_MAX = 0xFFFF_FFFFL;

    private Check() {
    }

    static long range(String type, String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new InvalidInputException(type + ": " + field + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    static long nonNegative(String type, String field, long value) {
        return range(type, field, value, 0, Long.MAX_VALUE);
    }

    static long u32(String type, String field, long value) {
        return range(type, field, value, 0, U32_MAX);
    }

    static <T> T notNull(String type, String field, T value) {
        if (value == null) {
            throw new InvalidInputException(type + ": " + field + " is required");
        }
        return value;
    }

    /** A single word of table text: non-empty, no whitespace or control characters. */
    static String word(String type, String field, String value) {
        notNull(type, field, value);
        if (value.isEmpty()) {
            throw new InvalidInputException(type + ": " + field + " must not be empty");
        }
        if (!KernelWords.isOneWord(value) || hasControl(value)) {
            throw new InvalidInputException(type + ": " + field + " must be one word as the kernel splits words"
                    + " (no whitespace, no control characters, no character whose UTF-8 holds the byte 0xA0), got '" + value + "'");
        }
        return value;
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(Character::isISOControl);
    }

    static boolean isPowerOfTwo(long value) {
        return value > 0 && (value & (value - 1)) == 0;
    }

    /** An immutable copy of a required list whose elements are all present. */
    static <T> List<T> elements(String type, String field, List<T> values) {
        notNull(type, field, values);
        if (values.stream().anyMatch(v -> v == null)) { // not contains(null): List.of() throws on that
            throw new InvalidInputException(type + ": " + field + " must not hold null");
        }
        return List.copyOf(values);
    }

    static <T> List<T> noDuplicates(String type, String field, List<T> values) {
        notNull(type, field + "s", values);
        if (values.stream().anyMatch(v -> v == null)) { // not contains(null): List.of() throws on that
            throw new InvalidInputException(type + ": a " + field + " must not be null");
        }
        List<T> copy = List.copyOf(values);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.indexOf(copy.get(i)) != i) {
                throw new InvalidInputException(type + ": duplicate " + field + " '" + copy.get(i) + "'");
            }
        }
        return copy;
    }
}
