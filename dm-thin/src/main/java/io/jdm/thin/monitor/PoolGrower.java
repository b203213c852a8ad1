package io.jdm.thin.monitor;

import io.jdm.api.DeviceRef;
import io.jdm.targets.BlockDev;

/**
 * Finds the space a pool grows into: makes the device under one of the pool's spaces at least
 * {@link Request#wantedSectors()} long. The monitor then reloads the pool so it takes the space. A grower
 * must be idempotent (asked again after a failure, it must not grow twice) and must never shrink a device.
 *
 * <p>Implementations: {@link LoopFileGrower} (an image file behind a loop device),
 * {@link LinearSegmentGrower} (a dm-linear device that takes segments from spare devices),
 * {@link LvmGrower} ({@code lvextend}, which resizes the pool itself), or a lambda of the caller's.
 */
@FunctionalInterface
public interface PoolGrower {
    /**
     * @throws Exception anything the grower could not do; the monitor reports it as
     *                   {@link PoolEvent.ExtendFailed} and tries again later, with back-off
     */
    Growth grow(Request request) throws Exception;

    /**
     * @param device         the pool's data or metadata device, as its live table names it
     * @param currentSectors what the pool uses of the device now
     * @param wantedSectors  what the device must at least hold after the grow
     */
    record Request(DeviceRef pool, PoolSpace space, BlockDev device, long currentSectors, long wantedSectors) {
    }

    /** What the grower did. */
    sealed interface Growth {
        /** The device now holds {@code sectors} (at least the wanted size for a full extend); reload the pool. */
        record DeviceGrown(long sectors) implements Growth {
        }

        /** The grower resized the pool itself (as {@code lvextend} does): the monitor only reads the result. */
        record PoolResized() implements Growth {
        }
    }

    /** For a lambda that grew the device to {@code sectors}. */
    static Growth grownTo(long sectors) {
        return new Growth.DeviceGrown(sectors);
    }
}
