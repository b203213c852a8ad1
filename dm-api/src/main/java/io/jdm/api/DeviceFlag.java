package io.jdm.api;

import io.jdm.api.internal.DeviceFlagSets;

import java.util.Set;

/** The state bits the kernel reports for a device (decoded from {@code dm_ioctl.flags}). */
public enum DeviceFlag {
    /** {@code DM_SUSPEND_FLAG}: the device is suspended; I/O is queued. */
    SUSPENDED,
    /** {@code DM_READONLY_FLAG}: the live table was loaded read-only. */
    READ_ONLY,
    /** {@code DM_ACTIVE_PRESENT_FLAG}: a live table is present. */
    LIVE_TABLE,
    /** {@code DM_INACTIVE_PRESENT_FLAG}: a loaded, not yet resumed table is present. */
    INACTIVE_TABLE,
    /** {@code DM_DEFERRED_REMOVE}: the device will be removed when its last user closes it. */
    DEFERRED_REMOVE,
    /** {@code DM_INTERNAL_SUSPEND_FLAG}: suspended by the kernel itself (e.g. a thin pool being reconfigured). */
    INTERNAL_SUSPEND,
    /** {@code DM_UEVENT_GENERATED_FLAG}: the command made the kernel send a uevent. */
    UEVENT_GENERATED;

    /**
     * The immutable set holding exactly {@code flags}. Equal sets give the same shared instance, so
     * reading the flags of every kernel reply allocates nothing, and a set already returned here is
     * returned as it is.
     *
     * @throws NullPointerException if {@code flags} is or contains null
     */
    public static Set<DeviceFlag> immutableSetOf(Set<DeviceFlag> flags) {
        int bits = DeviceFlagSets.ordinalBits(flags);
        // only a null (or a non-flag smuggled past generics) can make the sizes differ
        if (bits < 0) {
            throw new NullPointerException("flags must hold DeviceFlags only, got " + flags);
        }
        return DeviceFlagSets.ofOrdinals(bits);
    }
}
