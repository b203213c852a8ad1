package io.jdm.api;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdentifierValidationTest {

    @Test
    void nameOf127BytesIsAcceptedAnd128IsRefused() {
        assertEquals(127, DeviceName.of("a".repeat(127)).value().length());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DeviceName.of("a".repeat(128)));
        assertTrue(e.getMessage().contains("128 bytes"), e.getMessage());
    }

    @Test
    void nameLengthCountsUtf8Bytes() {
        // 64 two-byte characters are 128 bytes: one too many
        assertThrows(InvalidInputException.class, () -> DeviceName.of("é".repeat(64)));
        DeviceName.of("é".repeat(63));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "control", ".", "..", "a/b", "/", "nul\0"})
    void reservedOrMalformedNamesAreRefused(String bad) {
        assertThrows(InvalidInputException.class, () -> DeviceName.of(bad));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pool", "a.b", "...", "controller", "x-y_z:1@=+#", "with space"})
    void namesTheKernelAcceptsAreAccepted(String ok) {
        assertEquals(ok, DeviceName.of(ok).value());
    }

    @Test
    void uuidOf128BytesIsAcceptedAnd129IsRefused() {
        DeviceUuid.of("u".repeat(128));
        assertThrows(InvalidInputException.class, () -> DeviceUuid.of("u".repeat(129)));
        assertThrows(InvalidInputException.class, () -> DeviceUuid.of(""));
    }

    @Property
    void deviceNumberEncodingRoundTrips(@ForAll @IntRange(max = DeviceNumber.MAX_MAJOR) int major,
                                        @ForAll @IntRange(max = DeviceNumber.MAX_MINOR) int minor) {
        DeviceNumber n = DeviceNumber.of(major, minor);
        assertEquals(n, DeviceNumber.decode(n.encode()));
        assertEquals(n, DeviceNumber.parse(n.toString()));
    }

    @Test
    void deviceNumberEncodingIsTheKernelsNewEncoding() {
        // new_encode_dev: (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12)
        assertEquals(0xfd04L, DeviceNumber.of(253, 4).encode());
        assertEquals((0x67L) | (253L << 8) | (0x12300L << 12), DeviceNumber.of(253, 0x12367).encode());
        assertThrows(InvalidInputException.class, () -> DeviceNumber.of(4096, 0));
        assertThrows(InvalidInputException.class, () -> DeviceNumber.of(0, 1 << 20));
        assertThrows(InvalidInputException.class, () -> DeviceNumber.parse("253"));
        assertThrows(InvalidInputException.class, () -> DeviceNumber.parse("a:b"));
    }

    @Test
    void deviceRefByNumberRefusesZero() {
        assertThrows(InvalidInputException.class, () -> DeviceRef.number(0, 0));
        assertInstanceOf(DeviceRef.ByNumber.class, DeviceRef.number(253, 0));
    }

    @Test
    void geometryBoundsAreTheKernels() {
        assertEquals("65535 255 255 0", new Geometry(65535, 255, 255, 0).format());
        assertThrows(InvalidInputException.class, () -> new Geometry(65536, 1, 1, 0));
        assertThrows(InvalidInputException.class, () -> new Geometry(1, 256, 1, 0));
        assertThrows(InvalidInputException.class, () -> new Geometry(1, 1, 256, 0));
    }
}
