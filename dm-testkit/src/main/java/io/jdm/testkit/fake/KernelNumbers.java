package io.jdm.testkit.fake;

import io.jdm.api.internal.Decimal;

/**
 * How the kernel reads the numbers in table lines and messages: {@code kstrtoull} (an optional '+',
 * then ASCII decimal digits, no overflow: thin-pool and thin arguments, stripe counts) and
 * {@code sscanf("%llu%c")} (digits only: linear and striped offsets, device numbers).
 */
final class KernelNumbers {
    static final long U32_MAX = 0xFFFF_FFFFL;

    private KernelNumbers() {
    }

    /** {@code kstrtoull(word, 10)} bounded by {@code max}; -1 if refused. The kernel takes "+5" (checked on Linux 6.1). */
    static long kstrto(String word, long max) {
        return Decimal.parse(word.startsWith("+") ? word.substring(1) : word, max);
    }

    /** {@code sscanf(word, "%llu%c") == 1}: digits only; -1 if refused. */
    static long scanU64(String word) {
        return Decimal.parse(word);
    }
}
