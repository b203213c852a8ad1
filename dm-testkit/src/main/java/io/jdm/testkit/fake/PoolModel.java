package io.jdm.testkit.fake;

import io.jdm.api.Errno;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code thin-pool <metadata dev> <data dev> <block size> <low water mark> [<#features> <feature>...]}:
 * the kernel's {@code pool_c}, one per pool table, over the shared {@link Pool}.
 */
final class PoolModel implements TargetModel {
    static final long MIN_BLOCK_SIZE = 128;
    static final long MAX_BLOCK_SIZE = 2_097_152;
    /** Thin device ids are 24-bit. */
    static final long MAX_DEVICE_ID = (1L << 24) - 1;
    private static final int MAX_FEATURES = 4;
    /** The metadata low-water threshold is at most 1024 blocks (4 MiB). */
    private static final long MAX_METADATA_THRESHOLD = 1024;

    private final DmCore core;
    private final Mapped owner;
    final BlockDevice metadataDevice;
    final BlockDevice dataDevice;
    final long lowWater;
    private final Pool.Features requested;
    private final long length;
    /** The pool object this table joins, or null when {@link #attach()} makes one over {@link #fresh}. */
    private final Pool existing;
    private final ThinMetadata fresh;
    private Pool pool;

    private PoolModel(Construction c, BlockDevice metadataDevice, BlockDevice dataDevice, long lowWater,
                      Pool.Features requested, Pool existing, ThinMetadata fresh) {
        this.core = c.core;
        this.owner = c.owner;
        this.metadataDevice = metadataDevice;
        this.dataDevice = dataDevice;
        this.lowWater = lowWater;
        this.requested = requested;
        this.length = c.length;
        this.existing = existing;
        this.fresh = fresh;
    }

    /** {@code pool_ctr}: every check in the kernel's order; nothing changes until {@link #attach()}. */
    static TargetModel construct(Construction c, String[] argv) throws Refusal {
        if (argv.length < 4) {
            throw Refusal.of(Errno.EINVAL, "Invalid argument count");
        }
        if (argv[0].equals(argv[1])) {
            throw Refusal.of(Errno.EINVAL, "Error setting metadata or data device");
        }
        Pool.Features features = features(argv);
        BlockDevice metadata = c.device(argv[0]);
        BlockDevice data = c.device(argv[1]);
        long blockSize = KernelNumbers.kstrto(argv[2], Long.MAX_VALUE);
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || blockSize % MIN_BLOCK_SIZE != 0) {
            throw Refusal.of(Errno.EINVAL, "Invalid block size");
        }
        long lowWater = KernelNumbers.kstrto(argv[3], Long.MAX_VALUE);
        if (lowWater < 0) {
            throw Refusal.of(Errno.EINVAL, "Invalid low water mark");
        }
        // __pool_find: a pool object is found by its metadata device, else by the pool device
        Pool existing = c.core.poolWithMetadata(metadata);
        ThinMetadata fresh = null;
        if (existing != null) {
            if (existing.device != c.owner) {
                throw Refusal.of(Errno.EBUSY, "metadata device already in use by a pool");
            }
            if (existing.dataDevice != data) {
                throw Refusal.of(Errno.EBUSY, "data device already in use by a pool");
            }
        } else {
            existing = c.core.poolOf(c.owner);
            if (existing != null && (existing.metadataDevice != metadata || existing.dataDevice != data)) {
                throw Refusal.of(Errno.EINVAL, "different pool cannot replace a pool");
            }
            if (existing == null) {
                fresh = c.core.openMetadata(metadata, blockSize, !features.readOnly());
            }
        }
        if (existing != null && features.discardEnabled() != existing.features.discardEnabled()) {
            throw Refusal.of(Errno.EINVAL, "Discard support cannot be disabled once enabled");
        }
        return new PoolModel(c, metadata, data, lowWater, features, existing, fresh);
    }

    /** {@code parse_pool_features}: a count of 0..4, then case-insensitive words; anything after the group is ignored. */
    private static Pool.Features features(String[] argv) throws Refusal {
        if (argv.length == 4) {
            return Pool.Features.DEFAULTS;
        }
        long count = KernelNumbers.scanU64(argv[4]);
        if (count < 0 || count > MAX_FEATURES || count > argv.length - 5) {
            throw Refusal.of(Errno.EINVAL, "Invalid number of pool feature arguments");
        }
        boolean zero = true, discard = true, passdown = true, readOnly = false, errorIfNoSpace = false;
        for (int i = 5; i < 5 + count; i++) {
            switch (argv[i].toLowerCase(Locale.ROOT)) {
                case "skip_block_zeroing" -> zero = false;
                case "ignore_discard" -> discard = false;
                case "no_discard_passdown" -> passdown = false;
                case "read_only" -> readOnly = true;
                case "error_if_no_space" -> errorIfNoSpace = true;
                default -> throw Refusal.of(Errno.EINVAL, "Unrecognised pool feature requested");
            }
        }
        return new Pool.Features(zero, discard, passdown, readOnly, errorIfNoSpace);
    }

    @Override
    public void attach() {
        if (existing != null) {
            pool = existing;
            pool.references++;
        } else {
            core.storeMetadata(metadataDevice, fresh);
            pool = new Pool(core, owner, metadataDevice, dataDevice, fresh, requested);
            pool.references = 1;
            core.pools.add(pool);
        }
    }

    @Override
    public void destroy() {
        if (pool.bound == this) {
            pool.bound = null;
        }
        pool.release();
    }

    Pool pool() {
        return pool;
    }

    @Override
    public String type() {
        return "thin-pool";
    }

    @Override
    public String table() {
        StringBuilder sb = new StringBuilder().append(metadataDevice.number()).append(' ').append(dataDevice.number())
                .append(' ').append(pool.metadata.blockSize).append(' ').append(lowWater).append(' ');
        int count = (requested.zeroNewBlocks() ? 0 : 1) + (requested.discardEnabled() ? 0 : 1)
                + (requested.discardPassdown() ? 0 : 1) + (requested.readOnly() ? 1 : 0) + (requested.errorIfNoSpace() ? 1 : 0);
        sb.append(count).append(' ');
        if (!requested.zeroNewBlocks()) {
            sb.append("skip_block_zeroing ");
        }
        if (!requested.discardEnabled()) {
            sb.append("ignore_discard ");
        }
        if (!requested.discardPassdown()) {
            sb.append("no_discard_passdown ");
        }
        if (requested.readOnly()) {
            sb.append("read_only ");
        }
        if (requested.errorIfNoSpace()) {
            sb.append("error_if_no_space ");
        }
        return sb.toString();
    }

    @Override
    public String status(boolean noFlush) {
        if (pool.mode == FakeKernel.PoolMode.FAIL) {
            return "Fail";
        }
        if (!noFlush && !owner.blocksIo()) {
            pool.commit();
        }
        ThinMetadata md = pool.metadata;
        Pool.Features pf = pool.features;
        String mode = switch (pool.mode) {
            case OUT_OF_DATA_SPACE -> "out_of_data_space";
            case OUT_OF_METADATA_SPACE, READ_ONLY -> "ro";
            default -> "rw";
        };
        String discard = !pf.discardEnabled() ? "ignore_discard" : pf.discardPassdown() ? "discard_passdown" : "no_discard_passdown";
        return md.transactionId + " " + md.usedMetadataBlocks() + "/" + md.metadataBlocks + " "
                + md.usedDataBlocks() + "/" + md.dataBlocks + " " + (md.heldRoot != 0 ? md.heldRoot : "-") + " "
                + mode + " " + discard + " " + (pf.errorIfNoSpace() ? "error_if_no_space" : "queue_if_no_space") + " - "
                + metadataThreshold() + " ";
    }

    /** {@code calc_metadata_threshold}: a quarter of the metadata device, at most 4 MiB. */
    private long metadataThreshold() {
        return Math.min(MAX_METADATA_THRESHOLD, ThinMetadata.metadataBlocksFor(metadataDevice.sectors()) / 4);
    }

    @Override
    public List<Area> areas() {
        return List.of(new Area(dataDevice, 0, length));
    }

    @Override
    public void presuspend() {
        pool.suspended = true;
        pool.activeThins.forEach(t -> t.owner().internalSuspends++);
    }

    @Override
    public void postsuspend() {
        pool.commit();
    }

    /** {@code pool_preresume}: takes control of the pool object, then grows (never shrinks) its space maps. */
    @Override
    public void preresume() throws Refusal {
        FakeKernel.PoolMode wanted = requested.readOnly() ? FakeKernel.PoolMode.READ_ONLY : FakeKernel.PoolMode.WRITE;
        pool.bound = this;
        pool.features = requested;
        if (pool.mode != FakeKernel.PoolMode.FAIL) {
            pool.setMode(wanted);
        }
        ThinMetadata md = pool.metadata;
        try {
            long dataBlocks = length / md.blockSize;
            if (dataBlocks < md.dataBlocks) {
                throw Refusal.of(Errno.EINVAL, "pool target too small");
            }
            long metadataBlocks = ThinMetadata.metadataBlocksFor(metadataDevice.sectors());
            if (metadataBlocks < md.metadataBlocks) {
                throw Refusal.of(Errno.EINVAL, "metadata device too small");
            }
            md.dataBlocks = dataBlocks;
            if (metadataBlocks > md.metadataBlocks) {
                if (pool.mode == FakeKernel.PoolMode.OUT_OF_METADATA_SPACE) {
                    pool.setMode(FakeKernel.PoolMode.WRITE);
                }
                md.metadataBlocks = metadataBlocks;
            }
            pool.commit();
        } catch (Refusal r) {
            if (pool.mode != FakeKernel.PoolMode.FAIL) { // a failed pool resumes anyway, so its I/O can be flushed
                throw r;
            }
        }
    }

    @Override
    public void resume() {
        pool.activeThins.forEach(t -> t.owner().internalSuspends = Math.max(0, t.owner().internalSuspends - 1));
        pool.lowWaterTriggered = false;
        pool.suspended = false;
    }

    @Override
    public Optional<String> message(String[] argv) throws Refusal {
        if (pool.refusesMessages()) {
            throw Refusal.of(Errno.EOPNOTSUPP, "unable to service pool target messages in READ_ONLY or FAIL mode");
        }
        ThinMetadata md = pool.metadata;
        switch (argv[0].toLowerCase(Locale.ROOT)) {
            case "create_thin" -> {
                argumentCount(argv, 2);
                long id = deviceId(argv[1]);
                if (md.thins.containsKey(id)) {
                    throw Refusal.of(Errno.EEXIST, "thin device id in use");
                }
                md.createThin(id);
            }
            case "create_snap" -> {
                argumentCount(argv, 3);
                long id = deviceId(argv[1]);
                long origin = deviceId(argv[2]);
                if (md.thins.containsKey(id)) {
                    throw Refusal.of(Errno.EEXIST, "thin device id in use");
                }
                if (!md.thins.containsKey(origin)) {
                    throw Refusal.of(Errno.ENODATA, "no such origin");
                }
                md.createSnap(id, origin);
            }
            case "delete" -> {
                argumentCount(argv, 2);
                long id = deviceId(argv[1]);
                if (!md.thins.containsKey(id)) {
                    throw Refusal.of(Errno.ENODATA, "no such thin device");
                }
                if (pool.openThins.getOrDefault(id, 0) > 0) {
                    throw Refusal.of(Errno.EBUSY, "thin device is open");
                }
                md.delete(id);
            }
            case "set_transaction_id" -> {
                argumentCount(argv, 3);
                long current = KernelNumbers.kstrto(argv[1], Long.MAX_VALUE);
                long next = KernelNumbers.kstrto(argv[2], Long.MAX_VALUE);
                if (current < 0 || next < 0) {
                    throw Refusal.of(Errno.EINVAL, "Unrecognised id");
                }
                if (current != md.transactionId) {
                    throw Refusal.of(Errno.EINVAL, "mismatched transaction id");
                }
                md.transactionId = next;
            }
            case "reserve_metadata_snap" -> {
                argumentCount(argv, 1);
                if (md.heldRoot != 0) {
                    throw Refusal.of(Errno.EBUSY, "Pool metadata snapshot already exists");
                }
                md.heldRoot = md.usedMetadataBlocks();
            }
            case "release_metadata_snap" -> {
                argumentCount(argv, 1);
                if (md.heldRoot == 0) {
                    throw Refusal.of(Errno.EINVAL, "No pool metadata snapshot found");
                }
                md.heldRoot = 0;
            }
            default -> throw Refusal.of(Errno.EINVAL, "Unrecognised thin pool target message");
        }
        pool.commit();
        return Optional.empty();
    }

    private static void argumentCount(String[] argv, int required) throws Refusal {
        if (argv.length != required) {
            throw Refusal.of(Errno.EINVAL, "Message received with " + argv.length + " arguments instead of " + required);
        }
    }

    /** {@code read_dev_id}: kstrtoull, at most 24 bits. */
    static long deviceId(String word) throws Refusal {
        long id = KernelNumbers.kstrto(word, Long.MAX_VALUE);
        if (id < 0 || id > MAX_DEVICE_ID) {
            throw Refusal.of(Errno.EINVAL, "invalid device id");
        }
        return id;
    }

    /** Linux 6.1 passes I/O to the pool device straight to the data device. */
    @Override
    public void write(Io io, long at, long sectors) throws IOException {
        io.write(dataDevice, at, sectors);
    }
}
