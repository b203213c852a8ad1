package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.util.Arrays;

/** A cursor over a target's whitespace-separated table params; every error names the target type. */
final class Args {
    private static final String[] NONE = new String[0];
    private final String type;
    private final String[] words;
    private final boolean secret;
    private int pos;

    private Args(String type, String params, boolean secret) {
        this.type = type;
        this.secret = secret;
        String text = params == null ? "" : params.strip();
        this.words = text.isEmpty() ? NONE : words(text);
    }

    /**
     * {@code text.split("\\s+")} for stripped text, without compiling a regular expression on every parse
     * (which cost more than the rest of parsing a linear target).
     */
    static String[] words(String text) {
        int count = 0;
        for (int i = 0, n = text.length(); i < n; ) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            if (i < n) {
                count++;
            }
            while (i < n && !isSpace(text.charAt(i))) {
                i++;
            }
        }
        String[] words = new String[count];
        int w = 0;
        for (int i = 0, n = text.length(); i < n; ) {
            while (i < n && isSpace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words[w++] = text.substring(start, i);
            }
        }
        return words;
    }

    /** The characters {@code \\s} matches: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }

    static Args of(String type, String params) {
        return new Args(type, params, false);
    }

    /** For params that hold a secret (crypt keys): errors name fields and positions, never the words. */
    static Args secret(String type, String params) {
        return new Args(type, params, true);
    }

    /** A word as an error may show it: hidden when the params hold a secret. */
    String quote(String word) {
        return secret ? "<argument " + pos + ">" : "'" + word + "'";
    }

    boolean hasNext() {
        return pos < words.length;
    }

    int remaining() {
        return words.length - pos;
    }

    String next(String field) {
        if (pos >= words.length) {
            throw error("missing " + field);
        }
        return words[pos++];
    }

    /** A decimal number 0..Long.MAX_VALUE (the kernel's %llu, limited to what Java holds). */
    long u64(String field) {
        return number(field, Long.MAX_VALUE);
    }

    /** A decimal number that fits the kernel's unsigned int. */
    long u32(String field) {
        return number(field, Check.U32_MAX);
    }

    private long number(String field, long max) {
        String word = next(field);
        long value = Check.decimalOrMinus(word, max);
        if (value < 0) {
            throw error(field + " must be a decimal number 0.." + max + ", got " + quote(word));
        }
        return value;
    }

    BlockDev dev(String field) {
        String word = next(field);
        try {
            return BlockDev.parse(word);
        } catch (InvalidInputException e) {
            throw error(field + " is not a device (major:minor or /path): " + quote(word));
        }
    }

    void end() {
        if (pos < words.length) {
            throw error(secret ? "unexpected extra arguments from argument " + pos
                    : "unexpected extra arguments '" + String.join(" ", Arrays.copyOfRange(words, pos, words.length)) + "'");
        }
    }

    InvalidInputException error(String message) {
        return new InvalidInputException(type + ": " + message);
    }
}
