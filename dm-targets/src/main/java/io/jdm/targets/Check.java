package io.jdm.targets;

import io.jdm.api.InvalidInputException;

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
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidInputException(type + ": " + field + " must be one word without whitespace, got '" + value + "'");
            }
        }
        return value;
    }

    static boolean isPowerOfTwo(long value) {
        return value > 0 && (value & (value - 1)) == 0;
    }

    /**
     * Parses digits only (no sign, no spaces), like the kernel's kstrto* with base 10; -1 when the word
     * is not such a number or exceeds {@code max}.
     */
    static long decimalOrMinus(String word, long max) {
        if (word == null || word.isEmpty() || word.length() > 20) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int digit = c - '0';
            if (value > (max - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
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
