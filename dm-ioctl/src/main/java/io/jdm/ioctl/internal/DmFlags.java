package io.jdm.ioctl.internal;

import io.jdm.api.DeviceFlag;

import java.util.EnumSet;
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

    public static Set<DeviceFlag> decode(int flags) {
        EnumSet<DeviceFlag> set = EnumSet.noneOf(DeviceFlag.class);
        if ((flags & SUSPEND) != 0) set.add(DeviceFlag.SUSPENDED);
        if ((flags & READONLY) != 0) set.add(DeviceFlag.READ_ONLY);
        if ((flags & ACTIVE_PRESENT) != 0) set.add(DeviceFlag.LIVE_TABLE);
        if ((flags & INACTIVE_PRESENT) != 0) set.add(DeviceFlag.INACTIVE_TABLE);
        if ((flags & DEFERRED_REMOVE) != 0) set.add(DeviceFlag.DEFERRED_REMOVE);
        if ((flags & INTERNAL_SUSPEND) != 0) set.add(DeviceFlag.INTERNAL_SUSPEND);
        if ((flags & UEVENT_GENERATED) != 0) set.add(DeviceFlag.UEVENT_GENERATED);
        return set;
    }
}
