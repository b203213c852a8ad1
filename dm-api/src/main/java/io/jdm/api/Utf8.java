package io.jdm.api;

/** UTF-8 sizes of Java strings, counted without encoding them (names are checked on every reply). */
final class Utf8 {
    private Utf8() {
    }

    /** {@code s.getBytes(UTF_8).length}, without the array: a lone surrogate encodes as one '?' byte. */
    static int length(String s) {
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
                bytes += 3;
            }
        }
        return bytes;
    }
}
