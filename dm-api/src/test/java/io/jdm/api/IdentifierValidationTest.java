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

    /** Input is held to more than the kernel's rules: what cannot go byte for byte, controls, look-alike spaces. */
    @ParameterizedTest
    @ValueSource(strings = {"a\u0001b", "tab\there", "new\nline", "esc\u001b[0m", "del\u007f", "c1\u0085",
            "lone\ud800", "lone\udc00", "\ud800", "rep\ufffdlaced", "nb\u00a0sp", "em\u2003space", "ideo\u3000space"})
    void inputNamesAndUuidsRefuseWhatTheKernelWouldTakeButMangle(String bad) {
        InvalidInputException name = assertThrows(InvalidInputException.class, () -> DeviceName.of(bad));
        assertTrue(name.getMessage().contains("U+"), name.getMessage());
        assertThrows(InvalidInputException.class, () -> DeviceUuid.of(bad));
        assertThrows(InvalidInputException.class, () -> DeviceRef.name(bad));
    }

    @Test
    void aNameReadBackWithUndecodableBytesIsRepresentedButOnlyAddressableByNumber() {
        // 127 bytes in the kernel, of which 60 were not UTF-8: decoded, 60 U+FFFD that each stood for one byte
        String decoded = "a".repeat(67) + "\ufffd".repeat(60);
        DeviceName name = new DeviceName(decoded);
        assertTrue(!name.exact());
        assertThrows(InvalidInputException.class, () -> DeviceName.of(decoded));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DeviceRef.name(name));
        assertTrue(e.getMessage().contains("address the device by its number"), e.getMessage());
        DeviceInfo info = new DeviceInfo(name, java.util.Optional.empty(), DeviceNumber.of(253, 7), 0, 0, 0, java.util.Set.of());
        assertEquals(DeviceRef.number(253, 7), info.ref());
        assertEquals(DeviceRef.number(253, 7), new ListedDevice(name, DeviceNumber.of(253, 7), java.util.OptionalLong.empty(),
                java.util.Optional.empty()).ref());
        assertEquals(DeviceRef.name("ok"), new ListedDevice(DeviceName.of("ok"), DeviceNumber.of(253, 7),
                java.util.OptionalLong.empty(), java.util.Optional.empty()).ref());
        // what a kernel name may hold although input may not: a control character stays exact and addressable
        DeviceName foreign = new DeviceName("made\nby-dmsetup");
        assertTrue(foreign.exact());
        assertEquals(foreign, ((DeviceRef.ByName) DeviceRef.name(foreign)).name());
        DeviceUuid inexactUuid = new DeviceUuid("LVM-\ufffd");
        assertThrows(InvalidInputException.class, () -> new DeviceRef.ByUuid(inexactUuid));
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
