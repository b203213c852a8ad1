package io.jdm.ioctl.internal;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** NUL-terminated strings in kernel buffers, always bounded: a missing NUL never reads past a field. */
public final class CStrings {
    private CStrings() {
    }

    /**
     * Strings up to this many bytes (names, uuids, target types, most status lines) are staged in a
     * per-thread array: {@code new String} copies its bytes anyway, so a fresh array would be garbage.
     */
    private static final int STAGED_BYTES = 256;
    private static final ThreadLocal<byte[]> STAGING = ThreadLocal.withInitial(() -> new byte[STAGED_BYTES]);

    /** Reads the string at {@code offset}, stopping at a NUL or after {@code maxBytes}. */
    public static String read(MemorySegment buffer, long offset, long maxBytes) {
        long limit = Math.min(buffer.byteSize(), offset + maxBytes);
        long end = offset;
        while (end < limit && buffer.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        int length = (int) (end - offset);
        if (length == 0) {
            return ""; // a device without a uuid: no String object for nothing
        }
        if (length > STAGED_BYTES) {
            byte[] bytes = new byte[length];
            MemorySegment.copy(buffer, JAVA_BYTE, offset, bytes, 0, length);
            return new String(bytes, StandardCharsets.UTF_8);
        }
        byte[] staged = STAGING.get();
        MemorySegment.copy(buffer, JAVA_BYTE, offset, staged, 0, length);
        String text = new String(staged, 0, length, StandardCharsets.UTF_8);
        // a table line read back may hold a crypt key: leave no copy behind in a long-lived array
        Arrays.fill(staged, 0, length, (byte) 0);
        return text;
    }

    /** Length of the string at {@code offset} (bytes before the NUL), or -1 if no NUL before {@code limit}. */
    public static long length(MemorySegment buffer, long offset, long limit) {
        for (long i = offset; i < limit; i++) {
            if (buffer.get(JAVA_BYTE, i) == 0) {
                return i - offset;
            }
        }
        return -1;
    }

    /**
     * Writes {@code text} as UTF-8 and a NUL at {@code offset}; the caller has checked the room. ASCII
     * (every device name in practice) goes straight into the buffer, without an intermediate array.
     */
    public static void write(MemorySegment buffer, long offset, String text) {
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                write(buffer, offset, text.getBytes(StandardCharsets.UTF_8));
                return;
            }
            buffer.set(JAVA_BYTE, offset + i, (byte) c);
        }
        buffer.set(JAVA_BYTE, offset + n, (byte) 0);
    }

    /**
     * The UTF-8 size of {@code text} with every backslash doubled, as {@link #writeEscaped} writes it;
     * the text holds no lone surrogate (the caller checked).
     */
    public static int escapedLength(String text) {
        int bytes = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += c == '\\' ? 2 : 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Writes {@code text} as UTF-8 with every backslash doubled (the kernel's argument splitter unescapes
     * them) and a NUL at {@code offset}, encoding straight into the buffer so that no array ever holds the
     * text (a message may carry a key). The caller has checked the room and that no lone surrogate is in it.
     */
    public static void writeEscaped(MemorySegment buffer, long offset, String text) {
        long at = offset;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (c == '\\') {
                    buffer.set(JAVA_BYTE, at++, (byte) c);
                }
                buffer.set(JAVA_BYTE, at++, (byte) c);
                continue;
            }
            int cp = c;
            if (Character.isHighSurrogate(c)) {
                cp = Character.toCodePoint(c, text.charAt(++i));
            }
            if (cp < 0x800) {
                buffer.set(JAVA_BYTE, at++, (byte) (0xc0 | cp >>> 6));
            } else if (cp < 0x10000) {
                buffer.set(JAVA_BYTE, at++, (byte) (0xe0 | cp >>> 12));
                buffer.set(JAVA_BYTE, at++, (byte) (0x80 | (cp >>> 6) & 0x3f));
            } else {
                buffer.set(JAVA_BYTE, at++, (byte) (0xf0 | cp >>> 18));
                buffer.set(JAVA_BYTE, at++, (byte) (0x80 | (cp >>> 12) & 0x3f));
                buffer.set(JAVA_BYTE, at++, (byte) (0x80 | (cp >>> 6) & 0x3f));
            }
            buffer.set(JAVA_BYTE, at++, (byte) (0x80 | cp & 0x3f));
        }
        buffer.set(JAVA_BYTE, at, (byte) 0);
    }

    /** Writes {@code bytes} and a NUL at {@code offset}; the caller has checked the room. */
    public static void write(MemorySegment buffer, long offset, byte[] bytes) {
        MemorySegment.copy(bytes, 0, buffer, JAVA_BYTE, offset, bytes.length);
        buffer.set(JAVA_BYTE, offset + bytes.length, (byte) 0);
    }
}
