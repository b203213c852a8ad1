package io.jdm.ioctl.internal;

import io.jdm.api.DeviceFlag;
import io.jdm.api.internal.DeviceFlagSets;

import java.util.Set;

/** The {@code dm_ioctl.flags} bits (dm-ioctl.h) and their decoding into {@link DeviceFlag}s. */
public final class DmFlags {
    private DmFlags() {
    }

    public static final int READONLY = 1;
    public static final int SUSPEND = 1 << 1;
    public static final int PERSISTENT_DEV = 1 << 3;
    public static final int STATUS_TABLE = 1 << 4;
    public static final int ACTIVE_PRESENT = 1 << 5;
    public static final int INACTIVE_PRESENT = 1 << 6;
    public static final int BUFFER_FULL = 1 << 8;
    public static final int SKIP_LOCKFS = 1 << 10;
    public static final int NOFLUSH = 1 << 11;
    public static final int QUERY_INACTIVE_TABLE = 1 << 12;
    public static final int UEVENT_GENERATED = 1 << 13;
    public static final int UUID = 1 << 14;
    public static final int SECURE_DATA = 1 << 15;
    public static final int DATA_OUT = 1 << 16;
    public static final int DEFERRED_REMOVE = 1 << 17;
    public static final int INTERNAL_SUSPEND = 1 << 18;

    /** {@code dm_name_list} trailer flags. */
    public static final int NAME_LIST_HAS_UUID = 1;
    public static final int NAME_LIST_DOESNT_HAVE_UUID = 2;

    /**
     * The device state in {@code flags}, as the shared immutable set {@link DeviceFlagSets#ofOrdinals}
     * gives (so {@code DeviceInfo} keeps it as it is): decoding allocates nothing.
     */
    public static Set<DeviceFlag> decode(int flags) {
        int present = 0;
        for (int i = 0; i < KERNEL_BITS.length; i++) {
            if ((flags & KERNEL_BITS[i]) != 0) {
                present |= 1 << i;
            }
        }
        return DeviceFlagSets.ofOrdinals(present);
    }

    /** The kernel's bit for each {@link DeviceFlag}, by ordinal. */
    private static final int[] KERNEL_BITS = kernelBits();

    private static int[] kernelBits() {
        DeviceFlag[] all = DeviceFlag.values();
        int[] bits = new int[all.length];
        for (DeviceFlag f : all) {
            bits[f.ordinal()] = switch (f) {
                case SUSPENDED -> SUSPEND;
                case READ_ONLY -> READONLY;
                case LIVE_TABLE -> ACTIVE_PRESENT;
                case INACTIVE_TABLE -> INACTIVE_PRESENT;
                case DEFERRED_REMOVE -> DmFlags.DEFERRED_REMOVE;
                case INTERNAL_SUSPEND -> DmFlags.INTERNAL_SUSPEND;
                case UEVENT_GENERATED -> DmFlags.UEVENT_GENERATED;
            };
        }
        return bits;
    }
}
