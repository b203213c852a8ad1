package io.jdm.api;

/** UTF-8 sizes of Java strings, counted without encoding them (names are checked on every reply). */
final class Utf8 {
    /** What a decoder puts where the kernel's bytes were not valid UTF-8. */
    static final char REPLACEMENT = '\uFFFD';

    private Utf8() {
    }

    /** {@code s.getBytes(UTF_8).length}, without the array: a lone surrogate encodes as one '?' byte. */
    static int length(String s) {
        return count(s, 3);
    }

    /**
     * The fewest bytes the kernel can hold for {@code s} when {@code s} was decoded from the kernel's
     * bytes: each {@link #REPLACEMENT} stands for at least one byte that was not valid UTF-8.
     */
    static int decodedLength(String s) {
        return count(s, 1);
    }

    private static int count(String s, int replacementBytes) {
        int bytes = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += c == REPLACEMENT ? replacementBytes : 3;
            }
        }
        return bytes;
    }

    /**
     * True when {@code s} cannot be sent as exactly the bytes it came from or stands for: it holds a
     * {@link #REPLACEMENT} (bytes a decoder could not read) or a lone surrogate (which UTF-8 cannot encode).
     */
    static boolean isInexact(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == REPLACEMENT) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
