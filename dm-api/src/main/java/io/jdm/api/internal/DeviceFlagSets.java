package io.jdm.api.internal;

import io.jdm.api.DeviceFlag;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Every combination of {@link DeviceFlag}s as one shared immutable set, indexed by the bits
 * {@code 1 << ordinal()}: decoding the flags of a kernel reply, and a {@code DeviceInfo} keeping them,
 * then allocate nothing.
 */
public final class DeviceFlagSets {
    private static final DeviceFlag[] VALUES = DeviceFlag.values();
    private static final Set<DeviceFlag>[] SETS = allCombinations();

    private DeviceFlagSets() {
    }

    /** The shared set of the flags whose bit {@code 1 << ordinal()} is set in {@code ordinalBits}. */
    public static Set<DeviceFlag> ofOrdinals(int ordinalBits) {
        if (ordinalBits < 0 || ordinalBits >= SETS.length) {
            throw new IllegalArgumentException("not a set of " + VALUES.length + " flags: " + Integer.toBinaryString(ordinalBits));
        }
        return SETS[ordinalBits];
    }

    /** The bits {@code 1 << ordinal()} of {@code flags}; -1 when it holds anything but flags (a null). */
    public static int ordinalBits(Set<DeviceFlag> flags) {
        int bits = 0;
        for (DeviceFlag f : VALUES) {
            if (flags.contains(f)) {
                bits |= 1 << f.ordinal();
            }
        }
        return Integer.bitCount(bits) == flags.size() ? bits : -1;
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
