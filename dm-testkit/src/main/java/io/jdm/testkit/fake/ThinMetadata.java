package io.jdm.testkit.fake;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a thin pool keeps on its metadata device, so that it outlives the pool device: the data block
 * size, the sizes of the two space maps, the transaction id, the held metadata root, and each thin
 * device's mappings with the reference count of every data block. Every change counts as committed
 * at once (the kernel commits after each message, status, suspend, and every second).
 */
final class ThinMetadata {
    /** {@code DM_SM_METADATA_MAX_BLOCKS}: the metadata space map never grows past this. */
    static final long MAX_METADATA_BLOCKS = 255L * ((1 << 14) - 64);
    /** Sectors per 4 KiB metadata block. */
    static final long METADATA_BLOCK_SECTORS = 8;
    /** Blocks a freshly formatted metadata device uses: superblock, space-map roots and bitmaps, empty btrees. */
    private static final long FORMAT_BLOCKS = 9;
    /** Mappings per btree leaf (16-byte entries in a 4 KiB node), for estimating metadata growth. */
    private static final long MAPPINGS_PER_LEAF = 254;
    /** The kernel holds back a tenth of the metadata device, at most 4096 blocks (16 MiB), and reports it as used. */
    private static final long MAX_RESERVE = 4096;

    /** One thin device: its mappings (virtual block to data block). */
    static final class Thin {
        final TreeMap<Long, Long> mappings;
        /** False for a snapshot that still shares its origin's tree (no metadata of its own yet). */
        boolean ownTree;

        Thin(TreeMap<Long, Long> mappings, boolean ownTree) {
            this.mappings = mappings;
            this.ownTree = ownTree;
        }
    }

    final long blockSize;
    long dataBlocks;
    long metadataBlocks;
    long transactionId;
    long heldRoot;
    final TreeMap<Long, Thin> thins = new TreeMap<>();
    /** Data block to the number of mappings that point at it; a block is free when absent. */
    final Map<Long, Integer> references = new HashMap<>();

    private ThinMetadata(long blockSize, long metadataBlocks) {
        this.blockSize = blockSize;
        this.metadataBlocks = metadataBlocks;
    }

    /** A freshly formatted device: the data space map starts empty and grows at the pool's first resume. */
    static ThinMetadata format(long blockSize, long metadataDeviceSectors) {
        return new ThinMetadata(blockSize, metadataBlocksFor(metadataDeviceSectors));
    }

    /** The kernel's {@code get_metadata_dev_size_in_blocks}: capped at what the space map can address. */
    static long metadataBlocksFor(long sectors) {
        return Math.min(sectors, MAX_METADATA_BLOCKS * METADATA_BLOCK_SECTORS) / METADATA_BLOCK_SECTORS;
    }

    long usedDataBlocks() {
        return references.size();
    }

    long freeDataBlocks() {
        return Math.max(0, dataBlocks - references.size());
    }

    /**
     * Used metadata blocks as the kernel reports them: the reserve, the formatted structures, one btree
     * root per thin device with a tree of its own, a leaf per {@value #MAPPINGS_PER_LEAF} mappings, and
     * the held snapshot. Matches Linux for fresh pools and for create_thin, create_snap and the
     * metadata snapshot; the growth with mappings is an estimate.
     */
    long usedMetadataBlocks() {
        long used = Math.min(MAX_RESERVE, metadataBlocks / 10) + FORMAT_BLOCKS + (heldRoot != 0 ? 1 : 0);
        for (Thin t : thins.values()) {
            used += (t.ownTree ? 1 : 0) + t.mappings.size() / MAPPINGS_PER_LEAF;
        }
        return Math.min(used, metadataBlocks);
    }

    /** The lowest free data block; the caller has checked there is one. */
    long allocate() {
        for (long b = 0; b < dataBlocks; b++) {
            if (!references.containsKey(b)) {
                references.put(b, 1);
                return b;
            }
        }
        throw new IllegalStateException("no free data block");
    }

    void release(long block) {
        references.computeIfPresent(block, (b, n) -> n == 1 ? null : n - 1);
    }

    boolean shared(long block) {
        return references.getOrDefault(block, 0) > 1;
    }

    void createThin(long id) {
        thins.put(id, new Thin(new TreeMap<>(), true));
    }

    void createSnap(long id, long origin) {
        TreeMap<Long, Long> copy = new TreeMap<>(thins.get(origin).mappings);
        copy.values().forEach(b -> references.merge(b, 1, Integer::sum));
        thins.put(id, new Thin(copy, false));
    }

    void delete(long id) {
        Thin t = thins.remove(id);
        t.mappings.values().forEach(this::release);
    }
}
