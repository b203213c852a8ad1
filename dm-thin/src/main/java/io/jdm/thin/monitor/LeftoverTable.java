package io.jdm.thin.monitor;

import io.jdm.api.Table;

import java.time.Duration;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * Tells an inactive table that a resize left behind (its process killed between the load and the resume:
 * the monitor's own swap, a grower's, {@code lvextend}'s) from one someone is about to resume. A resize
 * resumes within moments; a leftover would block every later swap of the device for good. So an inactive
 * table counts as left behind, and may be cleared, when it only grows the live table (the caller's shape
 * test: the same devices, nothing shrunk) and has sat unchanged over an unchanged live table for
 * {@code age}. Clearing it changes no data: the live table stays, and the grow is simply done again.
 * Anything else someone loaded is left alone.
 */
final class LeftoverTable {
    private final Duration age;
    private final BiPredicate<Table, Table> growsLive;
    private final Consumer<Table> onCleared;
    private Table live;
    private Table inactive;
    private long since;

    /**
     * @param growsLive (live, inactive): whether the inactive table is a resize of the live one
     * @param onCleared told of each leftover table cleared
     */
    LeftoverTable(Duration age, BiPredicate<Table, Table> growsLive, Consumer<Table> onCleared) {
        this.age = age;
        this.growsLive = growsLive;
        this.onCleared = onCleared;
    }

    Duration age() {
        return age;
    }

    /** Whether {@code inactive}, seen now ({@link System#nanoTime}) over {@code live}, is a leftover to clear. */
    synchronized boolean leftBehind(Table live, Table inactive, long now) {
        if (!growsLive.test(live, inactive)) {
            this.live = null;
            this.inactive = null;
            return false;
        }
        if (!live.equals(this.live) || !inactive.equals(this.inactive)) {
            this.live = live;
            this.inactive = inactive;
            since = now;
            return false;
        }
        return now - since >= age.toNanos();
    }

    synchronized void cleared(Table table) {
        live = null;
        inactive = null;
        onCleared.accept(table);
    }
}
