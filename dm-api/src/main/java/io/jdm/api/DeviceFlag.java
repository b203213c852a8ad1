package io.jdm.api;

import java.util.Collections;
import java.util.EnumSet;
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

    /** {@code values()} copies its array on each call. */
    private static final DeviceFlag[] VALUES = values();

    /** Every combination of flags as one shared immutable set, indexed by the bits {@code 1 << ordinal()}. */
    private static final Set<DeviceFlag>[] SETS = allCombinations();

    /**
     * The immutable set holding exactly {@code flags}. Equal sets give the same shared instance, so
     * reading the flags of every kernel reply allocates nothing, and a set already returned here is
     * returned as it is.
     *
     * @throws NullPointerException if {@code flags} is or contains null
     */
    public static Set<DeviceFlag> immutableSetOf(Set<DeviceFlag> flags) {
        int bits = 0;
        for (DeviceFlag f : VALUES) {
            if (flags.contains(f)) {
                bits |= 1 << f.ordinal();
            }
        }
        // only a null (or a non-flag smuggled past generics) can make the sizes differ
        if (Integer.bitCount(bits) != flags.size()) {
            throw new NullPointerException("flags must hold DeviceFlags only, got " + flags);
        }
        return SETS[bits];
    }

    /**
     * The shared immutable set of the flags whose bit {@code 1 << ordinal()} is set in {@code ordinalBits}
     * (for decoders, which map the kernel's bits to these once).
     */
    public static Set<DeviceFlag> setOfOrdinals(int ordinalBits) {
        if (ordinalBits < 0 || ordinalBits >= SETS.length) {
            throw new IllegalArgumentException("not a set of " + VALUES.length + " flags: " + Integer.toBinaryString(ordinalBits));
        }
        return SETS[ordinalBits];
    }

    @SuppressWarnings("unchecked")
    private static Set<DeviceFlag>[] allCombinations() {
        Set<DeviceFlag>[] sets = new Set[1 << VALUES.length];
        sets[0] = Collections.emptySet();
        for (int bits = 1; bits < sets.length; bits++) {
            EnumSet<DeviceFlag> set = EnumSet.noneOf(DeviceFlag.class);
            for (DeviceFlag f : VALUES) {
                if ((bits & (1 << f.ordinal())) != 0) {
                    set.add(f);
                }
            }
            sets[bits] = Collections.unmodifiableSet(set);
        }
        return sets;
    }
}
