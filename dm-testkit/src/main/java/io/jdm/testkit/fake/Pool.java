package io.jdm.testkit.fake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's {@code struct pool}: the in-memory object behind a thin-pool device, shared by every
 * pool table of that device and referenced by every thin table on it. It exists from the first pool
 * table load until the last table using it is destroyed; what must survive that lives in its
 * {@link ThinMetadata}.
 */
final class Pool {
    /** {@code struct pool_features}: what the table asked for, as the status reports it. */
    record Features(boolean zeroNewBlocks, boolean discardEnabled, boolean discardPassdown, boolean readOnly,
                    boolean errorIfNoSpace) {
        static final Features DEFAULTS = new Features(true, true, true, false, false);
    }

    final DmCore core;
    final Mapped device;
    final BlockDevice metadataDevice;
    final BlockDevice dataDevice;
    final ThinMetadata metadata;
    int references;
    boolean suspended = true;
    boolean lowWaterTriggered;
    FakeKernel.PoolMode mode = FakeKernel.PoolMode.WRITE;
    /** The pool target that took control at its preresume ({@code pool->ti}), null before the first resume. */
    PoolModel bound;
    Features features;
    /** Open thin devices ({@code dm_pool_open_thin_device}) by id: one per thin target constructed on it. */
    final Map<Long, Integer> openThins = new HashMap<>();
    /** The thin targets on this pool, which its suspend suspends internally. */
    final List<ThinModel> activeThins = new ArrayList<>();

    Pool(DmCore core, Mapped device, BlockDevice metadataDevice, BlockDevice dataDevice, ThinMetadata metadata,
         Features features) {
        this.core = core;
        this.device = device;
        this.metadataDevice = metadataDevice;
        this.dataDevice = dataDevice;
        this.metadata = metadata;
        this.features = features;
    }

    void release() {
        if (--references == 0) {
            core.pools.remove(this);
        }
    }

    /** {@code set_pool_mode}: a change of mode is a table event of the pool device. */
    void setMode(FakeKernel.PoolMode newMode) {
        if (newMode != mode) {
            mode = newMode;
            tableEvent();
        }
    }

    /** {@code dm_table_event} on the bound pool table, if one is live. */
    void tableEvent() {
        if (bound != null && device.live != null && !device.removed) {
            core.tableEvent(device);
        }
    }

    /** What {@code commit()} does that can be seen: a pool that ran out of data space and has some again goes back to writing. */
    void commit() {
        if (mode == FakeKernel.PoolMode.OUT_OF_DATA_SPACE && metadata.freeDataBlocks() > 0) {
            setMode(FakeKernel.PoolMode.WRITE);
        }
    }

    /** {@code check_low_water_mark}, run before each data block allocation; fires once per resume. */
    void checkLowWater(long free) {
        if (bound != null && free <= bound.lowWater && !lowWaterTriggered) {
            lowWaterTriggered = true;
            tableEvent();
        }
    }

    /** Modes from out-of-metadata-space on refuse messages ({@code PM_OUT_OF_METADATA_SPACE} and later). */
    boolean refusesMessages() {
        return mode.compareTo(FakeKernel.PoolMode.OUT_OF_METADATA_SPACE) >= 0;
    }
}
