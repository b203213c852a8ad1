package io.jdm.cli;

import io.jdm.thin.monitor.PoolEvent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How {@code thin monitor} prints a {@link PoolEvent}: one line of text for people, or one JSON object
 * for scripts (the event's type in {@code "event"}, then its fields, sizes in bytes and durations in
 * milliseconds). Pure functions of the event, so the host's tests check every kind.
 */
final class PoolEventLine {
    private PoolEventLine() {
    }

    /** {@code pool NAME: data extended 16.0 MiB -> 19.2 MiB (took 85 ms)} and the like. */
    static String text(PoolEvent event, String pool) {
        String what = switch (event) {
            case PoolEvent.ThresholdReached e -> e.space() + " at " + Sizes.percent(e.used(), e.total()) + " (" + e.used()
                    + " of " + e.total() + " blocks), threshold " + e.thresholdPercent() + "%";
            case PoolEvent.Extended e -> e.space() + " extended " + Sizes.bytes(e.from()) + " -> " + Sizes.bytes(e.to())
                    + " (took " + duration(e.took()) + ")";
            case PoolEvent.ExtendFailed e -> e.space() + " extend failed: " + e.reason() + " (retry in "
                    + duration(e.retryIn()) + ")";
            case PoolEvent.AtMaximum e -> e.space() + " at its maximum of " + Sizes.bytes(e.size()) + ": not extended";
            case PoolEvent.OutOfDataSpace e -> "out of data space (writes " + (e.writesQueue() ? "queue" : "fail") + ")";
            case PoolEvent.ReadOnly e -> "read-only";
            case PoolEvent.NeedsCheck e -> "metadata needs thin_check/thin_repair: the pool does not grow until repaired";
            case PoolEvent.Failed e -> "failed (status " + e.status() + ")";
            case PoolEvent.Writable e -> "writable again";
            case PoolEvent.Gone e -> "gone (the device was removed)";
            case PoolEvent.CheckFailed e -> "check failed: " + e.reason();
            case PoolEvent.LeftoverTableCleared e -> "cleared the inactive table a cut-off resize left behind ("
                    + e.table().sectors() + " sectors: " + e.table().lines().getFirst().params().strip() + ")";
        };
        return "pool " + Shown.name(pool) + ": " + what;
    }

    /** The event as a JSON object's fields, in order. */
    static Map<String, Object> json(PoolEvent event, String pool) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", type(event));
        m.put("pool", pool);
        switch (event) {
            case PoolEvent.ThresholdReached e -> {
                m.put("space", e.space().toString());
                m.put("used_blocks", e.used());
                m.put("total_blocks", e.total());
                m.put("threshold_percent", e.thresholdPercent());
            }
            case PoolEvent.Extended e -> {
                m.put("space", e.space().toString());
                m.put("from_bytes", e.from());
                m.put("to_bytes", e.to());
                m.put("took_ms", e.took().toMillis());
            }
            case PoolEvent.ExtendFailed e -> {
                m.put("space", e.space().toString());
                m.put("reason", e.reason());
                m.put("retry_in_ms", e.retryIn().toMillis());
            }
            case PoolEvent.AtMaximum e -> {
                m.put("space", e.space().toString());
                m.put("size_bytes", e.size());
            }
            case PoolEvent.OutOfDataSpace e -> m.put("writes_queue", e.writesQueue());
            case PoolEvent.Failed e -> m.put("status", e.status());
            case PoolEvent.CheckFailed e -> m.put("reason", e.reason());
            case PoolEvent.LeftoverTableCleared e -> {
                m.put("length_sectors", e.table().sectors());
                m.put("params", e.table().lines().getFirst().params().strip());
            }
            case PoolEvent.ReadOnly e -> { }
            case PoolEvent.NeedsCheck e -> { }
            case PoolEvent.Writable e -> { }
            case PoolEvent.Gone e -> { }
        }
        return m;
    }

    /** The {@code "event"} word; spelled out, so that a rename in the library cannot change what scripts match. */
    static String type(PoolEvent event) {
        return switch (event) {
            case PoolEvent.ThresholdReached e -> "threshold_reached";
            case PoolEvent.Extended e -> "extended";
            case PoolEvent.ExtendFailed e -> "extend_failed";
            case PoolEvent.AtMaximum e -> "at_maximum";
            case PoolEvent.OutOfDataSpace e -> "out_of_data_space";
            case PoolEvent.ReadOnly e -> "read_only";
            case PoolEvent.NeedsCheck e -> "needs_check";
            case PoolEvent.Failed e -> "failed";
            case PoolEvent.Writable e -> "writable";
            case PoolEvent.Gone e -> "gone";
            case PoolEvent.CheckFailed e -> "check_failed";
            case PoolEvent.LeftoverTableCleared e -> "leftover_table_cleared";
        };
    }

    /** {@code 85 ms}, {@code 2 s}, {@code 1.5 s}. */
    static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
