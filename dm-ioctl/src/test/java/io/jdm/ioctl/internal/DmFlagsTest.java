package io.jdm.ioctl.internal;

import io.jdm.api.DeviceFlag;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every kernel state bit decodes to its flag, whatever else is set, and decoding allocates no set. */
class DmFlagsTest {
    /** The pairs from dm-ioctl.h, written out independently of DmFlags' own table. */
    private static final Map<Integer, DeviceFlag> KERNEL = Map.of(
            1 << 1, DeviceFlag.SUSPENDED,
            1, DeviceFlag.READ_ONLY,
            1 << 5, DeviceFlag.LIVE_TABLE,
            1 << 6, DeviceFlag.INACTIVE_TABLE,
            1 << 17, DeviceFlag.DEFERRED_REMOVE,
            1 << 18, DeviceFlag.INTERNAL_SUSPEND,
            1 << 13, DeviceFlag.UEVENT_GENERATED);

    /** Bits that are requests or reply mechanics, never device state. */
    private static final int NOT_STATE = DmFlags.PERSISTENT_DEV | DmFlags.STATUS_TABLE | DmFlags.BUFFER_FULL
            | DmFlags.SKIP_LOCKFS | DmFlags.NOFLUSH | DmFlags.QUERY_INACTIVE_TABLE | DmFlags.UUID
            | DmFlags.SECURE_DATA | DmFlags.DATA_OUT;

    @Test
    void everyCombinationOfStateBitsDecodesToExactlyItsFlags() {
        Integer[] bits = KERNEL.keySet().toArray(Integer[]::new);
        for (int combination = 0; combination < 1 << bits.length; combination++) {
            int flags = 0;
            EnumSet<DeviceFlag> expected = EnumSet.noneOf(DeviceFlag.class);
            for (int i = 0; i < bits.length; i++) {
                if ((combination & (1 << i)) != 0) {
                    flags |= bits[i];
                    expected.add(KERNEL.get(bits[i]));
                }
            }
            assertEquals(expected, DmFlags.decode(flags), "flags 0x" + Integer.toHexString(flags));
            assertEquals(expected, DmFlags.decode(flags | NOT_STATE), "with non-state bits, 0x" + Integer.toHexString(flags));
        }
    }

    @Test
    void decodingGivesTheSharedImmutableSetThatDeviceInfoKeeps() {
        int flags = DmFlags.ACTIVE_PRESENT | DmFlags.SUSPEND;
        Set<DeviceFlag> decoded = DmFlags.decode(flags);
        assertSame(decoded, DmFlags.decode(flags));
        assertSame(decoded, DeviceFlag.immutableSetOf(decoded));
        assertThrows(UnsupportedOperationException.class, () -> decoded.add(DeviceFlag.READ_ONLY));
    }
}
