package io.jdm.thin.metadata;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.targets.ThinTarget;
import io.jdm.thin.metadata.ThinMetadataException.Kind;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Reads one consistent state of a thin pool's metadata: the superblock, the device details tree and the
 * two-level data mapping tree, in pure Java, checking every block (checksums, bounds, key order, depth)
 * so that corrupt metadata gives a {@link ThinMetadataException} naming the block, never a wrong answer
 * from a block that does not check out, a hang or an unchecked exception. Walks stream: memory does not
 * grow with the size of a tree, only {@link #usage()} keeps two bits per data block.
 *
 * <ul>
 *   <li>{@link #open(Path)}: a pool that is not loaded, from its metadata device or an image file;</li>
 *   <li>{@link #openSnapshot(DeviceMapper, DeviceRef, Path)}: a live pool, through a metadata snapshot
 *       that {@link #close()} releases.</li>
 * </ul>
 *
 * Not thread-safe; close it (try-with-resources) as soon as you are done, since a live pool keeps the
 * snapshot's blocks until then.
 */
public final class MetadataReader implements AutoCloseable {
    private static final String DETAILS_TREE = "device details tree";
    private static final String TOP_TREE = "data mapping tree";

    /** Runs when the reader is closed: releases a live pool's snapshot (and checks it was still ours). */
    @FunctionalInterface
    interface Release {
        void release();
    }

    private final BlockSource blocks;
    private final ThinSuperblock superblock;
    private final long dataBlockCount;
    private final Release release;
    private boolean closed;

    MetadataReader(BlockSource blocks, ThinSuperblock superblock, long dataBlockCount, Release release) {
        this.blocks = blocks;
        this.superblock = superblock;
        this.dataBlockCount = dataBlockCount;
        this.release = release;
    }

    /**
     * Opens the metadata of a pool that is not loaded: a metadata device no live table uses, or an image
     * file of one. Reads block 0's superblock. (A file attached to a loop device that a live pool uses
     * is not recognised as in use: read such a pool through {@link #openSnapshot}.)
     *
     * @throws ThinMetadataException {@link Kind#DEVICE_IN_USE} if another device holds {@code metadataDevice}
     *                               (a live pool, whose metadata would change under the reader: use
     *                               {@link #openSnapshot}), {@link Kind#NOT_A_POOL}, or another kind if
     *                               block 0 cannot be read as a superblock
     */
    public static MetadataReader open(Path metadataDevice) {
        Objects.requireNonNull(metadataDevice, "metadataDevice");
        List<String> holders = BlockDeviceFiles.holders(metadataDevice);
        if (!holders.isEmpty()) {
            throw ThinMetadataException.of(Kind.DEVICE_IN_USE, metadataDevice + " is held by " + String.join(", ", holders)
                    + ": a live pool's metadata changes under a plain read; read it through a metadata snapshot"
                    + " (MetadataReader.openSnapshot)");
        }
        return ofBlockZero(DeviceBlocks.open(metadataDevice));
    }

    /**
     * Opens a consistent view of the live pool {@code pool}: sends {@code reserve_metadata_snap}, reads
     * the held root from the pool's status and the superblock copy there. {@link #close()} sends
     * {@code release_metadata_snap}.
     *
     * <p>A snapshot someone else holds (thin_dump -m, another process, one left by a process that died) is
     * never read and never released: this fails with {@link Kind#SNAPSHOT_HELD} before sending anything
     * (or when the kernel refuses the reserve with EBUSY because one was taken meanwhile). Try again once
     * its holder has released it; a snapshot no one will release needs an operator
     * ({@code dmsetup message <pool> 0 release_metadata_snap}).
     *
     * @param metadataDevice the pool's metadata device; it must be the device the pool's table names
     *                       ({@link Kind#WRONG_DEVICE} otherwise). Read with {@code O_DIRECT}, so blocks the
     *                       pool wrote since are never seen stale from the page cache.
     * @throws ThinMetadataException {@link Kind#SNAPSHOT_HELD}, {@link Kind#WRONG_DEVICE},
     *                               {@link Kind#POOL_NOT_READABLE} (pool status Fail or Error), or a kind
     *                               about the superblock copy; kernel refusals of the messages stay
     *                               {@link io.jdm.api.DeviceMapperException}s
     */
    public static MetadataReader openSnapshot(DeviceMapper dm, DeviceRef pool, Path metadataDevice) {
        return LiveSnapshot.open(dm, pool, metadataDevice);
    }

    /**
     * {@link #openSnapshot(DeviceMapper, DeviceRef, Path)} with the metadata device the pool's table
     * names, found under {@code /dev} through sysfs.
     *
     * @throws ThinMetadataException {@link Kind#IO} if no node of that device can be found
     */
    public static MetadataReader openSnapshot(DeviceMapper dm, DeviceRef pool) {
        return LiveSnapshot.open(dm, pool);
    }

    /** A reader of the superblock in block 0 of {@code blocks} (closed again if that superblock is bad). */
    static MetadataReader ofBlockZero(BlockSource blocks) {
        try {
            ThinSuperblock sb = ThinSuperblock.parse(blocks.read(0), 0);
            return new MetadataReader(blocks, sb, sb.dataSpaceMap().blockCount(), () -> { });
        } catch (RuntimeException e) {
            blocks.close();
            throw e;
        }
    }

    /**
     * A reader of the metadata snapshot whose superblock copy is at block {@code root} (the copy's space
     * map roots are zeroed, so the pool's data block count comes from elsewhere); the source is not
     * closed if the copy is bad.
     */
    static MetadataReader ofSnapshotRoot(BlockSource blocks, long root, long dataBlockCount, Release release) {
        return new MetadataReader(blocks, ThinSuperblock.parse(blocks.read(root), root), dataBlockCount, release);
    }

    /** The superblock whose trees this reader follows (a live pool's: the snapshot's copy). */
    public ThinSuperblock superblock() {
        requireOpen();
        return superblock;
    }

    /** The pool's number of data blocks; every mapping must point below it. */
    public long dataBlockCount() {
        requireOpen();
        return dataBlockCount;
    }

    /** The superblock and the device details tree. */
    public PoolMetadata metadata() {
        return new PoolMetadata(superblock(), dataBlockCount, devices());
    }

    /** The device details tree, in thin id order. */
    public List<ThinDeviceDetails> devices() {
        requireOpen();
        List<ThinDeviceDetails> devices = new ArrayList<>();
        new BTree(blocks, DETAILS_TREE, Layout.DEVICE_DETAILS_SIZE).walk(superblock.deviceDetailsRoot(), leaf -> {
            ByteBuffer b = leaf.block();
            for (int i = 0; i < leaf.entries(); i++) {
                int at = leaf.valueOffset(i);
                devices.add(new ThinDeviceDetails(thinId(leaf, i, DETAILS_TREE), b.getLong(at + Layout.DD_MAPPED_BLOCKS),
                        b.getLong(at + Layout.DD_TRANSACTION_ID),
                        Integer.toUnsignedLong(b.getInt(at + Layout.DD_CREATION_TIME)),
                        Integer.toUnsignedLong(b.getInt(at + Layout.DD_SNAPSHOTTED_TIME))));
            }
        });
        return List.copyOf(devices);
    }

    /**
     * Streams the mappings of thin device {@code thinId} to {@code visitor}, in virtual block order.
     *
     * @return the number of mappings visited
     * @throws ThinMetadataException {@link Kind#NO_SUCH_DEVICE} if the mapping tree has no such device
     */
    public long forEachMapping(long thinId, MappingVisitor visitor) {
        requireOpen();
        Objects.requireNonNull(visitor, "visitor");
        BTree.Entry entry = new BTree(blocks, TOP_TREE, Layout.LE64_VALUE_SIZE).find(superblock.dataMappingRoot(), thinId)
                .orElseThrow(() -> ThinMetadataException.of(Kind.NO_SUCH_DEVICE, "thin device " + thinId
                        + " is not in the pool's data mapping tree"));
        return walkMappings(thinId, entry.leaf().le64(entry.index()), visitor);
    }

    /**
     * Every thin device's mapped, exclusive and shared blocks and its highest mapped block, in thin id
     * order (what thin_ls reports). Walks each device's mapping tree twice (once to count how often each
     * data block is mapped, once to classify), keeping two bits per data block in between.
     *
     * @throws ThinMetadataException {@link Kind#INCONSISTENT} if the device details tree and the mapping
     *                               tree do not list the same devices
     */
    public List<ThinDeviceUsage> usage() {
        requireOpen();
        if (dataBlockCount < 0 || dataBlockCount > DataBlockCounts.MAX_BLOCKS) {
            throw ThinMetadataException.of(Kind.INCONSISTENT, "the pool claims " + Long.toUnsignedString(dataBlockCount)
                    + " data blocks, more than a mapping can address");
        }
        List<long[]> roots = deviceRoots();
        requireSameDevices(roots);
        DataBlockCounts counts = new DataBlockCounts(dataBlockCount);
        for (long[] device : roots) {
            walkMappings(device[0], device[1], (virtualBlock, dataBlock, time) -> counts.add(dataBlock));
        }
        List<ThinDeviceUsage> usage = new ArrayList<>(roots.size());
        for (long[] device : roots) {
            long[] exclusive = {0};
            long[] highest = {-1};
            long mapped = walkMappings(device[0], device[1], (virtualBlock, dataBlock, time) -> {
                if (counts.count(dataBlock) == 1) {
                    exclusive[0]++;
                }
                highest[0] = virtualBlock;
            });
            usage.add(new ThinDeviceUsage(device[0], mapped, exclusive[0], mapped - exclusive[0],
                    mapped == 0 ? OptionalLong.empty() : OptionalLong.of(highest[0])));
        }
        return List.copyOf(usage);
    }

    /** The top level of the mapping tree: {thin id, root of its mapping tree}, in id order. */
    private List<long[]> deviceRoots() {
        List<long[]> roots = new ArrayList<>();
        new BTree(blocks, TOP_TREE, Layout.LE64_VALUE_SIZE).walk(superblock.dataMappingRoot(), leaf -> {
            for (int i = 0; i < leaf.entries(); i++) {
                roots.add(new long[] {thinId(leaf, i, TOP_TREE), leaf.le64(i)});
            }
        });
        return roots;
    }

    private void requireSameDevices(List<long[]> roots) {
        List<Long> mapped = roots.stream().map(r -> r[0]).toList();
        List<Long> detailed = devices().stream().map(ThinDeviceDetails::thinId).toList();
        if (!mapped.equals(detailed)) {
            throw ThinMetadataException.of(Kind.INCONSISTENT, "the " + DETAILS_TREE + " lists thin devices " + detailed
                    + " but the " + TOP_TREE + " lists " + mapped);
        }
    }

    private long walkMappings(long thinId, long root, MappingVisitor visitor) {
        long[] count = {0};
        new BTree(blocks, "mapping tree of thin device " + thinId, Layout.LE64_VALUE_SIZE).walk(root, leaf -> {
            for (int i = 0; i < leaf.entries(); i++) {
                long value = leaf.le64(i);
                long dataBlock = value >>> Layout.BLOCK_TIME_SHIFT;
                if (dataBlock >= dataBlockCount) {
                    throw ThinMetadataException.at(Kind.INCONSISTENT, leaf.blockNr(), "thin device " + thinId
                            + " maps virtual block " + Long.toUnsignedString(leaf.key(i)) + " to data block " + dataBlock
                            + ", past the pool's " + dataBlockCount + " data blocks");
                }
                visitor.mapping(leaf.key(i), dataBlock, (int) (value & Layout.TIME_MASK));
                count[0]++;
            }
        });
        return count[0];
    }

    private static long thinId(Node leaf, int i, String tree) {
        long id = leaf.key(i);
        if (Long.compareUnsigned(id, ThinTarget.MAX_DEVICE_ID) > 0) {
            throw Node.bad(leaf.blockNr(), tree, "has key " + Long.toUnsignedString(id) + ", beyond the 24-bit thin ids");
        }
        return id;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the metadata reader of " + blocks.name() + " is closed");
        }
    }

    /**
     * Closes the device; for a live pool releases the metadata snapshot this reader took.
     *
     * @throws ThinMetadataException {@link Kind#SNAPSHOT_LOST} if the pool no longer held that snapshot (it
     *                               is then left alone): what was read may not have been one state
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            blocks.close();
        } finally {
            release.release();
        }
    }
}
