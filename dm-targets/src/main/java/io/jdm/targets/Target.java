package io.jdm.targets;

import io.jdm.api.TableLine;

/**
 * A typed device-mapper target: {@link #type()} and {@link #format()} give exactly what the kernel's
 * table holds for it. Each record also has a static {@code parse(String)} taking what the kernel
 * reads back ({@code dmsetup table} after the type), and {@code parse(x.format())} equals {@code x}.
 * Each kind is declared once, with its parsers, in {@link TargetKinds}.
 */
public sealed interface Target
        permits LinearTarget, StripedTarget, ZeroTarget, ErrorTarget, FlakeyTarget, DelayTarget, DustTarget, ThinPoolTarget,
                ThinTarget, SnapshotOriginTarget, CopyOnWriteSnapshot, EraTarget, CryptTarget, CacheTarget, RawTarget {

    /** The kernel's target type name, e.g. {@code thin-pool}. */
    String type();

    /** The kernel's parameter string for this target. */
    String format();

    /**
     * Checks what this target demands of the table line's length (striped: divisible by the stripes and
     * chunk). Most targets accept any length.
     */
    default void checkLength(long sectors) {
    }

    /** True when {@link #format()} holds a secret: load such a table with {@code LoadOptions.withSecureData(true)}. */
    default boolean holdsSecret() {
        return false;
    }

    /** This target as a table line covering {@code length} sectors from {@code start}. */
    default TableLine line(long start, long length) {
        checkLength(length);
        return new TableLine(start, length, type(), format());
    }
}
