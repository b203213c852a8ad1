package io.jdm.api;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the kernel says about one device ({@code DM_DEV_STATUS} and the replies of most commands).
 *
 * @param eventNr     the device's event counter (an unsigned 32-bit value); pass it to
 *                    {@link DeviceMapper#waitEvent} to wait for the next event
 * @param targetCount targets in the live table (or the inactive one when that was asked for)
 */
public record DeviceInfo(DeviceName name, Optional<DeviceUuid> uuid, DeviceNumber number, int openCount,
                         long eventNr, int targetCount, Set<DeviceFlag> flags) {

    public DeviceInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(flags, "flags");
        flags = DeviceFlag.immutableSetOf(flags);
    }

    public boolean suspended() {
        return flags.contains(DeviceFlag.SUSPENDED);
    }

    public boolean readOnly() {
        return flags.contains(DeviceFlag.READ_ONLY);
    }

    public boolean hasLiveTable() {
        return flags.contains(DeviceFlag.LIVE_TABLE);
    }

    public boolean hasInactiveTable() {
        return flags.contains(DeviceFlag.INACTIVE_TABLE);
    }

    public boolean deferredRemove() {
        return flags.contains(DeviceFlag.DEFERRED_REMOVE);
    }

    public boolean internallySuspended() {
        return flags.contains(DeviceFlag.INTERNAL_SUSPEND);
    }

    /** How to address this device: by name, or by number when the name is not {@linkplain DeviceName#exact() exact}. */
    public DeviceRef ref() {
        return DeviceRef.of(name, number);
    }
}
