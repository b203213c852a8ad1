package io.jdm.api.internal;

/** Hex digits as the kernel reads and prints keys: any case in, lower case out. */
public final class Hex {
    private Hex() {
    }

    /** The value of a hex digit, or -1. */
    public static int value(int c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The lower-case hex digit of {@code nibble} (0..15). */
    public static byte digit(int nibble) {
        return (byte) (nibble < 10 ? '0' + nibble : 'a' + nibble - 10);
    }
}
