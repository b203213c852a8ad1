package io.jdm.api;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DeviceFlag#immutableSetOf} and {@link DeviceInfo}'s flags: a faithful, immutable, shared copy. */
class DeviceFlagSetTest {

    @Test
    void immutableSetHoldsExactlyTheGivenFlagsInDeclarationOrder() {
        Set<DeviceFlag> given = new HashSet<>(List.of(DeviceFlag.UEVENT_GENERATED, DeviceFlag.SUSPENDED, DeviceFlag.LIVE_TABLE));
        Set<DeviceFlag> set = DeviceFlag.immutableSetOf(given);
        assertEquals(given, set);
        assertEquals(List.of(DeviceFlag.SUSPENDED, DeviceFlag.LIVE_TABLE, DeviceFlag.UEVENT_GENERATED), List.copyOf(set));
        assertEquals("[SUSPENDED, LIVE_TABLE, UEVENT_GENERATED]", set.toString());
        assertThrows(UnsupportedOperationException.class, () -> set.remove(DeviceFlag.SUSPENDED));
    }

    @Test
    void equalSetsShareOneInstance() {
        Set<DeviceFlag> a = DeviceFlag.immutableSetOf(EnumSet.of(DeviceFlag.READ_ONLY, DeviceFlag.DEFERRED_REMOVE));
        Set<DeviceFlag> b = DeviceFlag.immutableSetOf(Set.of(DeviceFlag.DEFERRED_REMOVE, DeviceFlag.READ_ONLY));
        assertSame(a, b);
        assertSame(a, DeviceFlag.immutableSetOf(a));
        assertSame(Collections.emptySet(), DeviceFlag.immutableSetOf(Set.of()));
    }

    @Test
    void nullsAreRefused() {
        Set<DeviceFlag> withNull = new HashSet<>();
        withNull.add(DeviceFlag.SUSPENDED);
        withNull.add(null);
        assertThrows(NullPointerException.class, () -> DeviceFlag.immutableSetOf(withNull));
        assertThrows(NullPointerException.class, () -> DeviceFlag.immutableSetOf(null));
    }

    @Test
    void deviceInfoKeepsACopyTheCallerCannotChange() {
        EnumSet<DeviceFlag> flags = EnumSet.of(DeviceFlag.LIVE_TABLE);
        DeviceInfo info = new DeviceInfo(new DeviceName("d"), Optional.empty(), new DeviceNumber(253, 0), 0, 0, 1, flags);
        flags.add(DeviceFlag.SUSPENDED);
        assertEquals(Set.of(DeviceFlag.LIVE_TABLE), info.flags());
        assertTrue(info.hasLiveTable());
        assertThrows(UnsupportedOperationException.class, () -> info.flags().add(DeviceFlag.SUSPENDED));
        assertThrows(NullPointerException.class,
                () -> new DeviceInfo(new DeviceName("d"), Optional.empty(), new DeviceNumber(253, 0), 0, 0, 1, null));
    }
}
