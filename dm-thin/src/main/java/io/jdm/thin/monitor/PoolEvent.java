package io.jdm.thin.monitor;

import io.jdm.api.DeviceRef;
import io.jdm.api.Table;

import java.time.Duration;

/**
 * What a {@link PoolMonitor} tells the application about a pool. Each is reported once when it happens
 * (a state such as out-of-space is reported when the pool enters it, not on every check).
 */
public sealed interface PoolEvent {
    /** The pool the event is about. */
    DeviceRef pool();

    /** A space's used share reached its threshold ({@code used} of {@code total}, in the space's blocks). */
    record ThresholdReached(DeviceRef pool, PoolSpace space, long used, long total, int thresholdPercent)
            implements PoolEvent {
    }

    /** The pool grew: the space's size in bytes went from → to; {@code took} is the grow and the reload. */
    record Extended(DeviceRef pool, PoolSpace space, long from, long to, Duration took) implements PoolEvent {
    }

    /** An extend failed; the monitor tries again after {@code retryIn}. Nothing about the pool changed. */
    record ExtendFailed(DeviceRef pool, PoolSpace space, String reason, Throwable cause, Duration retryIn)
            implements PoolEvent {
    }

    /** The space reached its threshold but its rule's maximum (or the kernel's) forbids growing it further. */
    record AtMaximum(DeviceRef pool, PoolSpace space, long size) implements PoolEvent {
    }

    /** The data device is full: writes queue ({@code queue_if_no_space}) or fail ({@code error_if_no_space}). */
    record OutOfDataSpace(DeviceRef pool, boolean writesQueue) implements PoolEvent {
    }

    /** The pool went read-only (out of metadata space, or a metadata error). */
    record ReadOnly(DeviceRef pool) implements PoolEvent {
    }

    /** The pool's metadata needs {@code thin_check}/{@code thin_repair}; it will not grow until repaired. */
    record NeedsCheck(DeviceRef pool) implements PoolEvent {
    }

    /** The pool failed ({@code Fail} status) or its metadata could not be read ({@code Error}). */
    record Failed(DeviceRef pool, String status) implements PoolEvent {
    }

    /** The pool is writable again after being out of space or read-only. */
    record Writable(DeviceRef pool) implements PoolEvent {
    }

    /**
     * An inactive table a resize of the pool left behind (its process killed between load and resume) was
     * cleared, so the pool can grow again; see {@link MonitorOptions#leftoverTableAge()}. The live table was
     * not touched.
     */
    record LeftoverTableCleared(DeviceRef pool, Table table) implements PoolEvent {
    }

    /** The pool's device is gone (removed under the monitor); it is no longer watched. */
    record Gone(DeviceRef pool) implements PoolEvent {
    }

    /**
     * The pool could not be checked for a reason other than being gone (its table is not a thin-pool, the
     * kernel refused a status); the monitor keeps trying on its period.
     */
    record CheckFailed(DeviceRef pool, String reason, Throwable cause) implements PoolEvent {
    }
}
