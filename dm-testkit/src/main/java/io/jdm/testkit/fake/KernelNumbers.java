package io.jdm.testkit.fake;

/**
 * How the kernel reads the numbers in table lines and messages: {@code kstrtoull} (an optional '+',
 * then decimal digits, no overflow) for thin-pool and thin arguments, and {@code sscanf("%llu%c")}
 * (digits only) for linear and striped offsets.
 */
final class KernelNumbers {
    static final long U32_MAX = 0xFFFF_FFFFL;

    private KernelNumbers() {
    }

    /** {@code kstrtoull(word, 10)} bounded by {@code max} (an unsigned value as a non-negative long); -1 if refused. */
    static long kstrto(String word, long max) {
        String digits = word.startsWith("+") ? word.substring(1) : word;
        return digits(digits, max);
    }

    /** {@code sscanf(word, "%llu%c") == 1}: digits only; -1 if refused. */
    static long scanU64(String word) {
        return digits(word, Long.MAX_VALUE);
    }

    private static long digits(String word, long max) {
        if (word.isEmpty() || word.length() > 20) {
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
}
