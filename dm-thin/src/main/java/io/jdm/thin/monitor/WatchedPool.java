package io.jdm.thin.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.targets.PoolFeature;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.targets.status.ThinPoolStatus.Mode;
import io.jdm.targets.status.ThinPoolStatus.NoSpacePolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One watched pool: what was last seen of it (so each state is reported once, when it is entered), and
 * the decisions a check makes: report, set the low-water mark, extend a space. Checks run on the
 * monitor's thread; an extend runs on a grow thread of its own (one at a time per pool), so a slow or
 * stuck grower never keeps the monitor from seeing and reporting the pool fill up.
 */
final class WatchedPool {
    /** 4 KiB metadata blocks. */
    static final long METADATA_BLOCK_BYTES = 4096;
    /** The kernel uses no more metadata than this ({@code DM_SM_METADATA_MAX_BLOCKS}); a larger device is wasted. */
    static final long MAX_METADATA_BLOCKS = 255L * ((1 << 14) - 64);
    private static final long SECTOR = 512;

    private final DeviceMapper dm;
    private final PoolWatch watch;
    private final MonitorOptions options;
    private final Consumer<PoolEvent> events;
    private final Map<PoolSpace, SpaceState> spaces = new EnumMap<>(PoolSpace.class);
    private final Executor growers;
    private final Runnable wakeMonitor;
    private final LeftoverTable leftover;

    private Mode lastMode;
    private boolean lastNeedsCheck;
    private String lastFailure;
    /** Why the pool's table could not be set, as last reported; kept across rounds so it is said once. */
    private String lastTableProblem;
    private boolean tableApplied;
    /** An extend of this pool is running on a grow thread. */
    private final AtomicBoolean growing = new AtomicBoolean();

    WatchedPool(DeviceMapper dm, PoolWatch watch, MonitorOptions options, Consumer<PoolEvent> events,
                Executor growers, Runnable wakeMonitor) {
        this.dm = dm;
        this.growers = growers;
        this.wakeMonitor = wakeMonitor;
        this.watch = watch;
        this.options = options;
        this.events = events;
        for (PoolSpace space : PoolSpace.values()) {
            spaces.put(space, new SpaceState(options.firstRetry()));
        }
        this.leftover = new LeftoverTable(options.leftoverTableAge(), PoolTable::resizes,
                table -> events.accept(new PoolEvent.LeftoverTableCleared(pool(), table)));
    }

    DeviceRef pool() {
        return watch.pool();
    }

    /** The earliest time (System.nanoTime) a retry of a failed extend is due, or Long.MAX_VALUE. */
    long nextRetryNanos() {
        return spaces.values().stream().mapToLong(SpaceState::retryAt).filter(t -> t != SpaceState.NONE).min()
                .orElse(Long.MAX_VALUE);
    }

    /**
     * Checks the pool once and acts on what it finds.
     *
     * @return false when the pool is gone and should no longer be watched (the monitor says so)
     */
    boolean check(long now) {
        ThinPoolStatus status;
        try {
            status = ThinPool.of(dm, pool()).statusWithoutCommit(); // a commit per pool per round would be churn
        } catch (NoSuchDeviceException e) {
            return false;
        } catch (RuntimeException e) {
            reportCheckFailure(e.getMessage(), e);
            return true;
        }
        switch (status) {
            case ThinPoolStatus.Fail f -> reportFailed("Fail");
            case ThinPoolStatus.MetadataError m -> reportFailed("Error");
            case ThinPoolStatus.Working w -> {
                lastFailure = null;
                reportMode(w);
                if (!tableApplied && !applyTable(w)) {
                    return true;
                }
                check(PoolSpace.DATA, w.usedDataBlocks(), w.totalDataBlocks(), w, now);
                check(PoolSpace.METADATA, w.usedMetadataBlocks(), w.totalMetadataBlocks(), w, now);
            }
        }
        return true;
    }

    private void reportMode(ThinPoolStatus.Working w) {
        if (w.mode() != lastMode) {
            switch (w.mode()) {
                case OUT_OF_DATA_SPACE -> events.accept(new PoolEvent.OutOfDataSpace(pool(),
                        w.noSpacePolicy() == NoSpacePolicy.QUEUE));
                case READ_ONLY -> events.accept(new PoolEvent.ReadOnly(pool()));
                case READ_WRITE -> {
                    if (lastMode != null) {
                        events.accept(new PoolEvent.Writable(pool()));
                    }
                }
            }
            lastMode = w.mode();
        }
        if (w.needsCheck() && !lastNeedsCheck) {
            events.accept(new PoolEvent.NeedsCheck(pool()));
        }
        lastNeedsCheck = w.needsCheck();
    }

    private void reportFailed(String word) {
        if (!word.equals(lastFailure)) {
            events.accept(new PoolEvent.Failed(pool(), word));
            lastFailure = word;
        }
    }

    private void reportCheckFailure(String reason, Throwable cause) {
        String key = "check: " + reason;
        if (!key.equals(lastFailure)) {
            events.accept(new PoolEvent.CheckFailed(pool(), reason, cause));
            lastFailure = key;
        }
    }

    /**
     * Once per watch, makes the pool's table say what the watch asks: a low-water mark at the data
     * threshold (so the kernel's event comes then; a data rule that does not extend keeps the pool's mark)
     * and the watch's no-space policy, if it has one. One reload when anything differs. False (reported)
     * when the table could not be read or swapped: the check goes no further until the next round.
     */
    private boolean applyTable(ThinPoolStatus.Working w) {
        AutoextendPolicy.Rule rule = watch.policy().data();
        boolean markWanted = options.setLowWaterMark() && rule.extending();
        if (!markWanted && watch.noSpacePolicy().isEmpty()) {
            tableApplied = true;
            return true;
        }
        try {
            PoolTable table = PoolTable.read(dm, pool());
            long mark = markWanted ? rule.lowWaterMark(table.dataBlocks()) : table.target().lowWaterMark();
            ThinPoolTarget wanted = table.target().withLowWaterMark(mark);
            if (watch.noSpacePolicy().isPresent()) {
                wanted = withNoSpacePolicy(wanted, watch.noSpacePolicy().get());
            }
            if (!wanted.equals(table.target()) && !w.needsCheck()) {
                PoolTable.swap(dm, new PoolTable(pool(), table.length(), wanted), leftover);
            }
            tableApplied = true;
            lastTableProblem = null;
            return true;
        } catch (RuntimeException e) {
            String reason = "cannot set the pool's low-water mark or no-space policy: " + e.getMessage();
            if (!reason.equals(lastTableProblem)) {
                events.accept(new PoolEvent.CheckFailed(pool(), reason, e));
                lastTableProblem = reason;
            }
            return false;
        }
    }

    private static ThinPoolTarget withNoSpacePolicy(ThinPoolTarget target, ThinPoolStatus.NoSpacePolicy policy) {
        List<PoolFeature> features = new ArrayList<>(target.features());
        features.remove(PoolFeature.ERROR_IF_NO_SPACE);
        if (policy == ThinPoolStatus.NoSpacePolicy.ERROR) {
            features.add(PoolFeature.ERROR_IF_NO_SPACE);
        }
        return target.withFeatures(features);
    }

    private void check(PoolSpace space, long used, long total, ThinPoolStatus.Working w, long now) {
        AutoextendPolicy.Rule rule = watch.policy().rule(space);
        SpaceState state = spaces.get(space);
        boolean report;
        synchronized (state) {
            if (!rule.reached(used, total)) {
                if (!growing.get()) {
                    state.reset(options.firstRetry());
                }
                return;
            }
            report = !state.reachedReported;
            state.reachedReported = true;
        }
        if (report) {
            events.accept(new PoolEvent.ThresholdReached(pool(), space, used, total, rule.thresholdPercent()));
        }
        Optional<PoolGrower> grower = watch.grower(space);
        // needs_check: the kernel refuses to grow the pool until the metadata is repaired
        if (!rule.extending() || grower.isEmpty() || w.needsCheck()) {
            return;
        }
        // one extend per pool at a time: both spaces' extends swap the pool's table
        if (now < state.retryAt() || !growing.compareAndSet(false, true)) {
            return;
        }
        growers.execute(() -> {
            try {
                extend(space, rule, grower.get(), used, total, state);
            } finally {
                growing.set(false);
                wakeMonitor.run();
            }
        });
    }

    /** Runs on a grow thread, so that a slow grower never keeps the monitor from reporting. */
    private void extend(PoolSpace space, AutoextendPolicy.Rule rule, PoolGrower grower, long used, long total,
                        SpaceState state) {
        long started = System.nanoTime();
        PoolExtendedEvent jfr = new PoolExtendedEvent();
        jfr.begin();
        try {
            Optional<long[]> grown = space == PoolSpace.DATA ? extendData(rule, grower, used)
                    : extendMetadata(rule, grower, used, total);
            if (grown.isEmpty()) {
                boolean report;
                synchronized (state) {
                    report = !state.maximumReported;
                    state.maximumReported = true;
                }
                if (report) {
                    events.accept(new PoolEvent.AtMaximum(pool(), space, total * unitBytes(space)));
                }
                return;
            }
            long from = grown.get()[0];
            long to = grown.get()[1];
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            record(jfr, space, from, to);
            synchronized (state) {
                state.reset(options.firstRetry());
            }
            events.accept(new PoolEvent.Extended(pool(), space, from, to, took));
        } catch (Exception e) {
            Duration wait;
            synchronized (state) {
                wait = state.backOff(options.maxRetry(), System.nanoTime());
            }
            events.accept(new PoolEvent.ExtendFailed(pool(), space, String.valueOf(e.getMessage()), e, wait));
        }
    }

    private long unitBytes(PoolSpace space) {
        return space == PoolSpace.DATA ? dataBlockBytes() : METADATA_BLOCK_BYTES;
    }

    private long dataBlockBytes() {
        return PoolTable.read(dm, pool()).target().dataBlockSize() * SECTOR;
    }

    /** Grows the data space; {from, to} in bytes, or empty when the maximum forbids it. */
    private Optional<long[]> extendData(AutoextendPolicy.Rule rule, PoolGrower grower, long used) throws Exception {
        PoolTable table = PoolTable.read(dm, pool());
        long blockSectors = table.target().dataBlockSize();
        long total = table.dataBlocks();
        long maximum = rule.maximumBytes() / SECTOR / blockSectors;
        long wantedBlocks = rule.extendedSize(used, total, maximum);
        if (wantedBlocks <= total) {
            return Optional.empty();
        }
        long wantedSectors = wantedBlocks * blockSectors;
        PoolGrower.Growth growth = grower.grow(new PoolGrower.Request(pool(), PoolSpace.DATA, table.target().data(),
                table.length(), wantedSectors));
        if (growth instanceof PoolGrower.Growth.DeviceGrown(long sectors)) {
            long usable = Math.min(wantedSectors, sectors / blockSectors * blockSectors);
            if (usable <= table.length()) {
                throw new IllegalStateException("the grower left the data device at " + sectors + " sectors; the pool"
                        + " uses " + table.length() + " and needs " + wantedSectors);
            }
            long lowWater = options.setLowWaterMark() ? rule.lowWaterMark(usable / blockSectors)
                    : table.target().lowWaterMark();
            PoolTable.swap(dm, table.with(usable, lowWater), leftover);
        }
        long after = PoolTable.read(dm, pool()).length();
        if (after <= table.length()) {
            throw new IllegalStateException("the pool is still " + table.length() + " sectors after the grow");
        }
        return Optional.of(new long[] {table.length() * SECTOR, after * SECTOR});
    }

    /**
     * Grows the metadata space: the device first, then a reload of the same table, at whose resume the
     * kernel takes the larger metadata device. {from, to} in bytes, or empty at the maximum.
     */
    private Optional<long[]> extendMetadata(AutoextendPolicy.Rule rule, PoolGrower grower, long used, long total)
            throws Exception {
        long maximum = Math.min(MAX_METADATA_BLOCKS, rule.maximumBytes() / METADATA_BLOCK_BYTES);
        long wanted = rule.extendedSize(used, total, maximum);
        if (wanted <= total) {
            return Optional.empty();
        }
        long sectorsPerBlock = METADATA_BLOCK_BYTES / SECTOR;
        PoolTable table = PoolTable.read(dm, pool());
        PoolGrower.Growth growth = grower.grow(new PoolGrower.Request(pool(), PoolSpace.METADATA,
                table.target().metadata(), total * sectorsPerBlock, wanted * sectorsPerBlock));
        if (growth instanceof PoolGrower.Growth.DeviceGrown(long sectors) && sectors / sectorsPerBlock <= total) {
            throw new IllegalStateException("the grower left the metadata device at " + sectors + " sectors; the"
                    + " pool uses " + total * sectorsPerBlock + " and needs " + wanted * sectorsPerBlock);
        }
        if (growth instanceof PoolGrower.Growth.DeviceGrown) {
            PoolTable.swap(dm, table, leftover);
        }
        long after = metadataBlocks();
        if (after <= total) {
            throw new IllegalStateException("the pool still has " + total + " metadata blocks after the grow");
        }
        return Optional.of(new long[] {total * METADATA_BLOCK_BYTES, after * METADATA_BLOCK_BYTES});
    }

    private long metadataBlocks() {
        if (ThinPool.of(dm, pool()).statusWithoutCommit() instanceof ThinPoolStatus.Working w) {
            return w.totalMetadataBlocks();
        }
        throw new IllegalStateException("the pool is not working after the metadata grow");
    }

    private void record(PoolExtendedEvent jfr, PoolSpace space, long from, long to) {
        if (jfr.shouldCommit()) {
            jfr.pool = pool().toString();
            jfr.space = space.toString();
            jfr.fromBytes = from;
            jfr.toBytes = to;
            jfr.commit();
        }
    }

    /** Per space: what was reported, and the back-off after failed extends; guarded by itself. */
    private static final class SpaceState {
        boolean reachedReported;
        boolean maximumReported;
        static final long NONE = Long.MIN_VALUE;
        long retryAt = NONE;
        Duration nextWait;

        SpaceState(Duration firstRetry) {
            nextWait = firstRetry;
        }

        synchronized long retryAt() {
            return retryAt;
        }

        void reset(Duration firstRetry) {
            reachedReported = false;
            maximumReported = false;
            retryAt = NONE;
            nextWait = firstRetry;
        }

        Duration backOff(Duration maxRetry, long now) {
            Duration wait = nextWait;
            retryAt = now + wait.toNanos();
            Duration doubled = wait.multipliedBy(2);
            nextWait = doubled.compareTo(maxRetry) > 0 ? maxRetry : doubled;
            return wait;
        }
    }
}
