package io.jdm.testkit.fake;

import io.jdm.api.Errno;

import java.io.IOException;
import java.util.List;

/**
 * {@code thin <pool dev> <dev id> [<external origin dev>]}: the kernel's {@code thin_c}. The table's
 * length is the thin device's size; writes provision data blocks from the pool, breaking sharing
 * with snapshots.
 */
final class ThinModel implements TargetModel {
    private final Mapped owner;
    private final BlockDevice poolDevice;
    private final BlockDevice origin;
    private final long id;
    private final Pool pool;

    private ThinModel(Mapped owner, BlockDevice poolDevice, BlockDevice origin, long id, Pool pool) {
        this.owner = owner;
        this.poolDevice = poolDevice;
        this.origin = origin;
        this.id = id;
        this.pool = pool;
    }

    /** {@code thin_ctr}, in the kernel's order of checks. */
    static TargetModel construct(Construction c, String[] argv) throws Refusal {
        if (argv.length != 2 && argv.length != 3) {
            throw Refusal.of(Errno.EINVAL, "Invalid argument count");
        }
        BlockDevice origin = null;
        if (argv.length == 3) {
            if (argv[0].equals(argv[2])) {
                throw Refusal.of(Errno.EINVAL, "Error setting origin device");
            }
            origin = c.device(argv[2]);
        }
        BlockDevice poolDevice = c.device(argv[0]);
        long id = KernelNumbers.kstrto(argv[1], Long.MAX_VALUE);
        if (id < 0 || id > PoolModel.MAX_DEVICE_ID) {
            throw Refusal.of(Errno.EINVAL, "Invalid device id");
        }
        if (!(poolDevice instanceof Mapped poolMd)) {
            throw Refusal.of(Errno.EINVAL, "Couldn't get pool mapped device");
        }
        Pool pool = c.core.poolOf(poolMd);
        if (pool == null) {
            throw Refusal.of(Errno.EINVAL, "Couldn't find pool object");
        }
        if (pool.mode == FakeKernel.PoolMode.FAIL) {
            throw Refusal.of(Errno.EINVAL, "Couldn't open thin device, Pool is in fail mode");
        }
        if (!pool.metadata.thins.containsKey(id)) {
            throw Refusal.of(Errno.ENODATA, "Couldn't open thin internal device");
        }
        if (pool.suspended) {
            throw Refusal.of(Errno.EINVAL, "Unable to activate thin device while pool is suspended");
        }
        return new ThinModel(c.owner, poolDevice, origin, id, pool);
    }

    Mapped owner() {
        return owner;
    }

    @Override
    public void attach() {
        pool.references++;
        pool.openThins.merge(id, 1, Integer::sum);
        pool.activeThins.add(this);
    }

    @Override
    public void destroy() {
        pool.activeThins.remove(this);
        pool.openThins.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
        pool.release();
    }

    @Override
    public String type() {
        return "thin";
    }

    @Override
    public String table() {
        return poolDevice.number() + " " + id + (origin == null ? "" : " " + origin.number());
    }

    /** {@code "<mapped sectors> <highest mapped sector>"}, {@code "0 -"} when nothing is mapped, {@code Fail} with the pool. */
    @Override
    public String status(boolean noFlush) {
        if (pool.mode == FakeKernel.PoolMode.FAIL) {
            return "Fail";
        }
        ThinMetadata.Thin thin = pool.metadata.thins.get(id);
        if (thin == null || thin.mappings.isEmpty()) {
            return "0 -";
        }
        long blockSize = pool.metadata.blockSize;
        return thin.mappings.size() * blockSize + " " + ((thin.mappings.lastKey() + 1) * blockSize - 1);
    }

    /** The pool device, as far as the pool's live table reaches in whole blocks. */
    @Override
    public List<Area> areas() {
        if (pool.bound == null) {
            return List.of();
        }
        long blockSize = pool.metadata.blockSize;
        long blocks = pool.device.sectors() / blockSize;
        return blocks == 0 ? List.of() : List.of(new Area(poolDevice, 0, blocks * blockSize));
    }

    @Override
    public void write(Io io, long at, long sectors) throws IOException {
        ThinMetadata md = pool.metadata;
        ThinMetadata.Thin thin = md.thins.get(id);
        if (pool.mode == FakeKernel.PoolMode.FAIL || thin == null) {
            throw new IOException("Input/output error (the pool has failed)");
        }
        long first = at / md.blockSize;
        long last = (at + sectors - 1) / md.blockSize;
        for (long block = first; block <= last; block++) {
            Long mapped = thin.mappings.get(block);
            if (mapped != null && !md.shared(mapped)) {
                continue; // a block of its own is overwritten in place
            }
            thin.mappings.put(block, provision());
            if (mapped != null) {
                md.release(mapped);
            }
            thin.ownTree = true;
        }
    }

    /** {@code alloc_data_block}: the low water check first, then out of space, then the lowest free block. */
    private long provision() throws IOException {
        ThinMetadata md = pool.metadata;
        switch (pool.mode) {
            case READ_ONLY, OUT_OF_METADATA_SPACE -> throw new IOException("Input/output error (the pool is read-only)");
            case OUT_OF_DATA_SPACE -> throw noSpace();
            default -> {
            }
        }
        long free = md.freeDataBlocks();
        pool.checkLowWater(free);
        if (free == 0) {
            pool.setMode(FakeKernel.PoolMode.OUT_OF_DATA_SPACE);
            throw noSpace();
        }
        return md.allocate();
    }

    private IOException noSpace() {
        return new IOException(pool.features.errorIfNoSpace()
                ? "No space left on device (the pool is out of data space)"
                : "No space left on device (the pool is out of data space; the kernel would queue this write for up to"
                        + " 60 seconds, the fake fails it at once)");
    }
}
