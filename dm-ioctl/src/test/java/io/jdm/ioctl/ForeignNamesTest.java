package io.jdm.ioctl;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.ListedDevice;
import io.jdm.api.RemoveOutcome;
import io.jdm.api.Table;
import io.jdm.ioctl.internal.CommandSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names and uuids come back from the kernel as the kernel holds them, and another tool may have made
 * them with bytes that are not UTF-8 or with characters jdm would refuse as input: they are replies, not
 * input. Such a device stays listable and is addressed by number.
 */
class ForeignNamesTest {
    private final FakeKernel kernel = new FakeKernel();
    private final IoctlDeviceMapper dm = kernel.deviceMapper();

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aNameOf127BytesThatAreNotUtf8IsListedAndAddressedByNumber() {
        byte[] raw = new byte[127];
        Arrays.fill(raw, (byte) 0xff); // 127 bytes that decode to 127 U+FFFD (381 bytes of UTF-8)
        kernel.addForeignDevice(raw);
        dm.create(DeviceName.of("ours"));

        List<ListedDevice> listed = dm.list();
        assertEquals(2, listed.size(), "one foreign device must not make the listing fail for the whole host");
        ListedDevice foreign = listed.stream().filter(d -> !d.name().exact()).findFirst().orElseThrow();
        assertEquals("\ufffd".repeat(127), foreign.name().value());
        assertInstanceOf(DeviceRef.ByNumber.class, foreign.ref());
        assertThrows(InvalidInputException.class, () -> DeviceRef.name(foreign.name()));

        DeviceInfo info = dm.info(foreign.ref());
        assertEquals(foreign.number(), info.number());
        assertFalse(info.name().exact());
        assertEquals(foreign.ref(), info.ref());
        assertEquals(RemoveOutcome.REMOVED, dm.remove(foreign.ref()));
        assertEquals(List.of("ours"), dm.list().stream().map(d -> d.name().value()).toList());
    }

    @Test
    void aNameWithInputOnlyRulesBrokenStaysExactAndAddressableByName() {
        // dmsetup --manglename none can make these; jdm refuses them as input but must read them
        kernel.addForeignDevice(bytes("made\nby\u001bdmsetup"));
        kernel.addForeignDevice("nb\u00a0sp".getBytes(StandardCharsets.UTF_8));
        for (ListedDevice d : dm.list()) {
            assertTrue(d.name().exact(), d.name().value());
            assertEquals(d.name(), dm.info(d.ref()).name());
            assertInstanceOf(DeviceRef.ByName.class, d.ref());
        }
        assertThrows(InvalidInputException.class, () -> DeviceName.of("made\nby\u001bdmsetup"));
    }

    @Test
    void removeNeverFailsOnceTheKernelHasRemoved() {
        // a remove by number of a device whose reply holds a name no DeviceName could hold: the kernel
        // removed it, so the call reports that instead of failing on the reply
        kernel.addForeignDevice(bytes("x"));
        ListedDevice x = dm.list().getFirst();
        kernel.garble = (spec, param, size, r) -> {
            if (spec == CommandSpec.DEV_REMOVE && r == 0) {
                param.set(java.lang.foreign.ValueLayout.JAVA_BYTE, io.jdm.ioctl.internal.DmStructs.IOCTL_NAME, (byte) '/');
            }
            return r;
        };
        assertEquals(RemoveOutcome.REMOVED, dm.remove(DeviceRef.number(x.number())));
        assertTrue(kernel.names().isEmpty());
    }

    @Test
    void aForeignUuidThatIsNotUtf8IsListedButNotSent() {
        dm.create(DeviceName.of("u"), io.jdm.api.CreateOptions.defaults().withUuid("LVM-ok"));
        kernel.setUuid("u", "LVM-\u00ff\u00fe"); // Latin-1 of the kernel's bytes: not UTF-8
        ListedDevice u = dm.list().getFirst();
        assertFalse(u.uuid().orElseThrow().exact());
        assertThrows(InvalidInputException.class, () -> new DeviceRef.ByUuid(u.uuid().orElseThrow()));
        dm.load(u.ref(), Table.of(8, "zero", ""));
        assertTrue(dm.resume(u.ref()).hasLiveTable());
    }
}
