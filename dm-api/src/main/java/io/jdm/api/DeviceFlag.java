package io.jdm.api;

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
    UEVENT_GENERATED
}
