package io.jdm.testkit.fake;

import io.jdm.api.Errno;

/**
 * The fake kernel's answer to a command it refuses: the errno the kernel would return. Thrown inside
 * the fake only; the handle turns it into the {@link io.jdm.api.KernelException} the real binding throws.
 */
final class Refusal extends Exception {
    final int errno;

    private Refusal(int errno, String why) {
        super(why, null, false, false);
        this.errno = errno;
    }

    /** {@code errno}, with the kernel log line that goes with it (kept for debugging the fake). */
    static Refusal of(Errno errno, String why) {
        return new Refusal(errno.number(), why);
    }
}
