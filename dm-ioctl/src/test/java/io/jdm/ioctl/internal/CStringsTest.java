package io.jdm.ioctl.internal;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link CStrings#read}: bounded by the NUL or the field, UTF-8, and no string leaks into the next one. */
class CStringsTest {

    private static MemorySegment segmentWith(Arena arena, byte[] bytes, int size) {
        MemorySegment s = arena.allocate(size);
        MemorySegment.copy(bytes, 0, s, JAVA_BYTE, 0, bytes.length);
        return s;
    }

    @Test
    void stopsAtTheNulOrAtTheFieldsEnd() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = segmentWith(arena, "pool-tdata\0junk".getBytes(StandardCharsets.US_ASCII), 64);
            assertEquals("pool-tdata", CStrings.read(s, 0, 64));
            assertEquals("pool", CStrings.read(s, 0, 4)); // no NUL within the field: the field bounds it
            assertEquals("", CStrings.read(s, 10, 64));
            assertEquals("junk", CStrings.read(s, 11, 64));
        }
    }

    @Test
    void readsUtf8AndStringsLongerThanTheStagingArray() {
        String accented = "d\u00e9j\u00e0-vu";
        String longText = "0 ".repeat(400) + "end";
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = segmentWith(arena, (accented + "\0").getBytes(StandardCharsets.UTF_8), 32);
            assertEquals(accented, CStrings.read(s, 0, 32));
            MemorySegment l = segmentWith(arena, longText.getBytes(StandardCharsets.US_ASCII), 1024);
            assertEquals(longText, CStrings.read(l, 0, 1024));
        }
    }

    @Test
    void aShortStringAfterALongerOneCarriesNothingOfIt() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = segmentWith(arena, "a-long-device-name\0ab\0".getBytes(StandardCharsets.US_ASCII), 64);
            assertEquals("a-long-device-name", CStrings.read(s, 0, 64));
            assertEquals("ab", CStrings.read(s, 19, 64));
            assertEquals("a-long-device-name", CStrings.read(s, 0, 64));
        }
    }
}
