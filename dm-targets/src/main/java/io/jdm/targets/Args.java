package io.jdm.targets;

import io.jdm.api.InvalidInputException;
import io.jdm.api.internal.Decimal;
import io.jdm.api.internal.KernelWords;

import java.util.Arrays;

/** A cursor over a target's table params, split into words as the kernel splits them; every error names the target type. */
final class Args {
    private static final String[] NONE = new String[0];
    private final String type;
    private final String[] words;
    private final boolean secret;
    private int pos;

    private Args(String type, String params, boolean secret) {
        this.type = type;
        this.secret = secret;
        this.words = params == null ? NONE : KernelWords.split(params);
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
        long value = Decimal.parse(word, max);
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
