package io.jdm.api.internal;

/**
 * Numbers as the kernel reads them from table params and messages ({@code kstrtoull} and friends with
 * base 10) and prints them in status: ASCII digits only, no sign, no spaces, no other digit scripts
 * ({@code Character.isDigit} would take Arabic-Indic digits too).
 */
public final class Decimal {
    private Decimal() {
    }

    /** The value of {@code word} when it is such a number no larger than {@code max}, else -1. */
    public static long parse(String word, long max) {
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

    /** {@link #parse} up to {@code Long.MAX_VALUE}. */
    public static long parse(String word) {
        return parse(word, Long.MAX_VALUE);
    }

    /** True when {@code word} is a non-empty run of ASCII digits (of any length). */
    public static boolean isDigits(String word) {
        if (word.isEmpty()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
