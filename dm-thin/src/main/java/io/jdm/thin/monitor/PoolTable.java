package io.jdm.thin.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.api.TableReport;
import io.jdm.targets.Targets;
import io.jdm.targets.ThinPoolTarget;

/**
 * A thin pool's live table, and swapping it for one with another length or low-water mark: load the
 * inactive table, resume. The resume suspends the pool with {@code noflush}: with {@code queue_if_no_space}
 * a full pool holds writes that only the new space can complete, and a flushing suspend would wait for
 * them forever.
 *
 * @param length the table's length in sectors (the pool's data space is {@code length / dataBlockSize} blocks)
 */
record PoolTable(DeviceRef pool, long length, ThinPoolTarget target) {
    private static final SuspendOptions KEEP_QUEUED_IO = SuspendOptions.defaults().withNoFlush(true);

    /** The live table; {@link NotAPoolException} if it is not a single thin-pool line. */
    static PoolTable read(DeviceMapper dm, DeviceRef pool) {
        TableReport report = dm.table(pool);
        Table table = report.table();
        if (!isPool(table)) {
            throw new NotAPoolException(pool + " is not a thin pool: its live table is " + table);
        }
        TableLine line = table.lines().getFirst();
        return new PoolTable(pool, line.length(), (ThinPoolTarget) Targets.parse(line));
    }

    long dataBlocks() {
        return length / target.dataBlockSize();
    }

    PoolTable with(long newLength, long lowWaterMark) {
        return new PoolTable(pool, newLength, target.withLowWaterMark(lowWaterMark));
    }

    /** Makes {@code next} the live table (see {@link TableSwap}), keeping queued writes across the suspend. */
    static void swap(DeviceMapper dm, PoolTable next, LeftoverTable leftover) {
        TableSwap.replace(dm, next.pool, Table.of(TableLine.of(0, next.length, ThinPoolTarget.TYPE,
                next.target.format())), KEEP_QUEUED_IO, leftover);
    }

    /**
     * Whether {@code inactive} is a resize of the pool whose live table is {@code live}: one thin-pool line
     * over the same metadata and data devices with the same block size, no shorter (its low-water mark and
     * features may differ). The shape of every swap the monitor makes, and of {@code lvextend}'s.
     */
    static boolean resizes(Table live, Table inactive) {
        if (!isPool(live) || !isPool(inactive)) {
            return false;
        }
        TableLine was = live.lines().getFirst();
        TableLine next = inactive.lines().getFirst();
        ThinPoolTarget from = (ThinPoolTarget) Targets.parse(was);
        ThinPoolTarget to = (ThinPoolTarget) Targets.parse(next);
        return next.length() >= was.length() && from.metadata().equals(to.metadata()) && from.data().equals(to.data())
                && from.dataBlockSize() == to.dataBlockSize();
    }

    private static boolean isPool(Table table) {
        return table.lines().size() == 1 && table.lines().getFirst().start() == 0
                && ThinPoolTarget.TYPE.equals(table.lines().getFirst().type());
    }

    /** The device's live table is not a thin pool. */
    static final class NotAPoolException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotAPoolException(String message) {
            super(message);
        }
    }
}
