package io.jdm.thin.metadata;

/**
 * How many mappings point at each data block, saturating at 2 ("shared"): two bits per block, in pages
 * made only where blocks are mapped. A pool of {@code n} data blocks needs at most {@code n / 4} bytes
 * (16 MiB for a 4 TiB pool of 64 KiB blocks), a sparsely used one far less.
 */
final class DataBlockCounts {
    /** Mapping values hold 40 bits of data block number: a count above that is not a real pool's. */
    static final long MAX_BLOCKS = 1L << (Long.SIZE - Layout.BLOCK_TIME_SHIFT);
    private static final int PAGE_SHIFT = 20; // 2^20 blocks per page: 256 KiB
    private static final int BLOCKS_PER_LONG = Long.SIZE / 2;

    private final long blockCount;
    private final long[][] pages;

    DataBlockCounts(long blockCount) {
        if (blockCount < 0 || blockCount > MAX_BLOCKS) {
            throw new IllegalArgumentException("data block count " + Long.toUnsignedString(blockCount));
        }
        this.blockCount = blockCount;
        this.pages = new long[(int) ((blockCount + (1L << PAGE_SHIFT) - 1) >>> PAGE_SHIFT)][];
    }

    long blockCount() {
        return blockCount;
    }

    /** Counts one more mapping of {@code block} (which the caller has checked is below {@link #blockCount()}). */
    void add(long block) {
        long[] page = pages[(int) (block >>> PAGE_SHIFT)];
        if (page == null) {
            page = new long[(1 << PAGE_SHIFT) / BLOCKS_PER_LONG];
            pages[(int) (block >>> PAGE_SHIFT)] = page;
        }
        int within = (int) (block & ((1 << PAGE_SHIFT) - 1));
        int shift = (within % BLOCKS_PER_LONG) * 2;
        long word = page[within / BLOCKS_PER_LONG];
        long count = (word >>> shift) & 3;
        if (count < 2) {
            page[within / BLOCKS_PER_LONG] = word + (1L << shift);
        }
    }

    /** 0, 1, or 2 for "two or more". */
    int count(long block) {
        long[] page = pages[(int) (block >>> PAGE_SHIFT)];
        if (page == null) {
            return 0;
        }
        int within = (int) (block & ((1 << PAGE_SHIFT) - 1));
        return (int) ((page[within / BLOCKS_PER_LONG] >>> ((within % BLOCKS_PER_LONG) * 2)) & 3);
    }
}
