package io.jdm.ioctl.internal;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** NUL-terminated strings in kernel buffers, always bounded: a missing NUL never reads past a field. */
public final class CStrings {
    private CStrings() {
    }

    /** Reads the string at {@code offset}, stopping at a NUL or after {@code maxBytes}. */
    public static String read(MemorySegment buffer, long offset, long maxBytes) {
        long limit = Math.min(buffer.byteSize(), offset + maxBytes);
        long end = offset;
        while (end < limit && buffer.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        byte[] bytes = new byte[(int) (end - offset)];
        MemorySegment.copy(buffer, JAVA_BYTE, offset, bytes, 0, bytes.length);
        return new String(bytes, StandardCharsets.UTF_8);
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

    /** Writes {@code bytes} and a NUL at {@code offset}; the caller has checked the room. */
    public static void write(MemorySegment buffer, long offset, byte[] bytes) {
        MemorySegment.copy(bytes, 0, buffer, JAVA_BYTE, offset, bytes.length);
        buffer.set(JAVA_BYTE, offset + bytes.length, (byte) 0);
    }
}
