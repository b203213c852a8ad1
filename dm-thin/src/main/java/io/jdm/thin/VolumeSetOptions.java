package io.jdm.thin;

import io.jdm.api.InvalidInputException;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link VolumeSet} behaves.
 *
 * @param minFreeSpacePercent a create or snapshot is refused when the pool's free data or metadata space is
 *                            below this share of the total (moby's {@code dm.min_free_space}); 0 turns it off
 * @param maxVirtualSize      the largest virtual size a volume may have, in bytes: a guard against a size given
 *                            in the wrong unit, as thin volumes may promise more than the pool has
 * @param devicePrefix        active volumes are named {@code <prefix>-<volume id>}; empty means the pool's name
 * @param deferredRetry       how often volumes whose removal was deferred are checked again
 * @param releaseOnClose      whether {@link VolumeSet#close()} unmounts and deactivates what the set mounted and
 *                            activated (Docker's Cleanup; the default), or leaves them for a later opener (a
 *                            command-line tool that opens the set for one operation)
 * @param poolSuspendWait     how long an activation waits for the pool to be resumed: the kernel refuses to
 *                            activate a thin device while its pool is suspended, as it is for a moment whenever
 *                            its table is swapped (an autoextend, {@code lvextend})
 */
public record VolumeSetOptions(int minFreeSpacePercent, long maxVirtualSize, Optional<String> devicePrefix,
                               Duration deferredRetry, boolean releaseOnClose, Duration poolSuspendWait) {
    /** 16 TiB. */
    public static final long DEFAULT_MAX_VIRTUAL_SIZE = 16L << 40;
    private static final VolumeSetOptions DEFAULTS = new VolumeSetOptions(10, DEFAULT_MAX_VIRTUAL_SIZE, Optional.empty(),
            Duration.ofSeconds(5), true, Duration.ofSeconds(30));

    public VolumeSetOptions {
        Objects.requireNonNull(devicePrefix, "devicePrefix");
        Objects.requireNonNull(deferredRetry, "deferredRetry");
        Objects.requireNonNull(poolSuspendWait, "poolSuspendWait");
        if (minFreeSpacePercent < 0 || minFreeSpacePercent > 99) {
            throw new InvalidInputException("minimum free space must be 0..99 percent, got " + minFreeSpacePercent);
        }
        if (maxVirtualSize <= 0 || maxVirtualSize % 512 != 0) {
            throw new InvalidInputException("maximum virtual size must be a positive multiple of 512 bytes, got " + maxVirtualSize);
        }
        if (deferredRetry.isNegative() || deferredRetry.isZero()) {
            throw new InvalidInputException("deferred retry period must be positive, got " + deferredRetry);
        }
        if (poolSuspendWait.isNegative()) {
            throw new InvalidInputException("the wait for a suspended pool must not be negative, got " + poolSuspendWait);
        }
    }

    /**
     * 10% minimum free space, 16 TiB largest volume, devices named after the pool, retry every 5 s, release on
     * close, wait up to 30 s for a suspended pool.
     */
    public static VolumeSetOptions defaults() {
        return DEFAULTS;
    }

    public VolumeSetOptions withMinFreeSpacePercent(int percent) {
        return new VolumeSetOptions(percent, maxVirtualSize, devicePrefix, deferredRetry, releaseOnClose, poolSuspendWait);
    }

    public VolumeSetOptions withMaxVirtualSize(long bytes) {
        return new VolumeSetOptions(minFreeSpacePercent, bytes, devicePrefix, deferredRetry, releaseOnClose, poolSuspendWait);
    }

    public VolumeSetOptions withDevicePrefix(String prefix) {
        return new VolumeSetOptions(minFreeSpacePercent, maxVirtualSize, Optional.of(prefix), deferredRetry, releaseOnClose, poolSuspendWait);
    }

    public VolumeSetOptions withDeferredRetry(Duration period) {
        return new VolumeSetOptions(minFreeSpacePercent, maxVirtualSize, devicePrefix, period, releaseOnClose, poolSuspendWait);
    }

    public VolumeSetOptions withReleaseOnClose(boolean release) {
        return new VolumeSetOptions(minFreeSpacePercent, maxVirtualSize, devicePrefix, deferredRetry, release, poolSuspendWait);
    }

    public VolumeSetOptions withPoolSuspendWait(Duration wait) {
        return new VolumeSetOptions(minFreeSpacePercent, maxVirtualSize, devicePrefix, deferredRetry, releaseOnClose, wait);
    }
}
