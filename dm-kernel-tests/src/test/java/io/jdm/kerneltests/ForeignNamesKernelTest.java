package io.jdm.kerneltests;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.ListedDevice;
import io.jdm.api.RemoveOutcome;
import io.jdm.api.Table;
import io.jdm.ioctl.internal.CommandSpec;
import io.jdm.ioctl.internal.ControlDevice;
import io.jdm.ioctl.internal.DmStructs;
import io.jdm.ioctl.internal.HeaderCodec;
import io.jdm.ioctl.internal.Request;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Devices other tools made with names jdm would never send: bytes that are not UTF-8, control
 * characters. They are made here with a raw DM_DEV_CREATE; jdm must list them, address them (by number
 * when the name is not exact) and remove them.
 */
@KernelTest
class ForeignNamesKernelTest {

    /** DM_DEV_CREATE with exactly these name bytes, as dmsetup --manglename none would send them. */
    private static DeviceInfo createRaw(byte[] name) {
        DeviceMapperOptions options = DeviceMapperOptions.defaults();
        try (ControlDevice control = ControlDevice.open(options.controlPath(), options.maxBufferBytes())) {
            return control.call(Request.of(CommandSpec.DEV_CREATE, null, HeaderCodec::readInfo).withData(0, buffer ->
                    MemorySegment.copy(name, 0, buffer, JAVA_BYTE, DmStructs.IOCTL_NAME, name.length), null));
        }
    }

    @Test
    void aNameThatIsNotUtf8IsListedAndAddressedByNumber(DeviceMapper dm, DmScratch s) {
        byte[] prefix = s.prefix().getBytes(StandardCharsets.US_ASCII);
        byte[] raw = Arrays.copyOf(prefix, 127);
        Arrays.fill(raw, prefix.length, raw.length, (byte) 0xff); // 115 bytes that are no UTF-8 at all
        DeviceInfo created = createRaw(raw);
        DeviceRef byNumber = DeviceRef.number(created.number());
        try {
            assertFalse(created.name().exact());
            assertEquals(byNumber, created.ref());
            List<ListedDevice> mine = dm.list().stream().filter(d -> d.number().equals(created.number())).toList();
            assertEquals(1, mine.size(), "the foreign device is listed");
            ListedDevice listed = mine.getFirst();
            assertEquals(s.prefix() + "\ufffd".repeat(115), listed.name().value());
            assertThrows(InvalidInputException.class, () -> DeviceRef.name(listed.name()));

            // everything by number: load, resume, status, table, and finally remove
            dm.load(listed.ref(), Table.of(8, "zero", ""));
            DeviceInfo live = dm.resume(listed.ref());
            assertTrue(live.hasLiveTable());
            assertEquals(created.number(), dm.info(listed.ref()).number());
            assertEquals("zero", dm.table(listed.ref()).table().lines().getFirst().type());
            assertEquals(dm.devicePath(live), java.nio.file.Path.of("/dev/dm-" + created.number().minor()));
            assertEquals(RemoveOutcome.REMOVED, dm.remove(listed.ref()));
        } finally {
            try {
                dm.remove(byNumber);
            } catch (io.jdm.api.NoSuchDeviceException gone) {
                // removed above, as it should be
            }
        }
        assertTrue(dm.list().stream().noneMatch(d -> d.number().equals(created.number())));
    }

    @Test
    void aNameWithControlCharactersIsListedExactlyAndAddressedByName(DeviceMapper dm, DmScratch s) {
        DeviceInfo created = createRaw((s.prefix() + "made\nby\u001btool").getBytes(StandardCharsets.UTF_8));
        try {
            assertTrue(created.name().exact());
            assertInstanceOf(DeviceRef.ByName.class, created.ref());
            ListedDevice listed = s.devices().getFirst();
            assertEquals(s.prefix() + "made\nby\u001btool", listed.name().value());
            assertEquals(created.number(), dm.info(listed.ref()).number());
            assertThrows(InvalidInputException.class, () -> io.jdm.api.DeviceName.of(listed.name().value()),
                    "jdm itself would not make such a name");
        } finally {
            dm.remove(DeviceRef.number(created.number()));
        }
        s.assertNothingLeft();
    }
}
