package io.jdm.cli;

import java.util.Optional;

/**
 * A thin-pool's status line, read just far enough for the demo to print it in units people read
 * (dm-targets has the full typed status; the CLI does not depend on it yet).
 * Format: {@code <transaction> <used_meta>/<total_meta> <used_data>/<total_data> <held_root|-> <mode> ...}.
 */
record PoolStatus(long transactionId, long usedMetaBlocks, long totalMetaBlocks, long usedDataBlocks,
                  long totalDataBlocks, String mode, boolean needsCheck) {
    /** Metadata blocks are always 4 KiB. */
    static final long META_BLOCK_BYTES = 4096;

    static Optional<PoolStatus> parse(String text) {
        String[] f = text.strip().split("\\s+");
        if (f.length < 6) {
            return Optional.empty(); // "Fail", "Error"
        }
        try {
            String[] meta = f[1].split("/");
            String[] data = f[2].split("/");
            return Optional.of(new PoolStatus(Long.parseLong(f[0]), Long.parseLong(meta[0]), Long.parseLong(meta[1]),
                    Long.parseLong(data[0]), Long.parseLong(data[1]), f[4], f.length > 7 && f[7].equals("needs_check")));
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /** One readable line, given the pool's data block size in sectors. */
    String describe(long blockSectors) {
        long blockBytes = blockSectors * 512;
        return "data " + usedDataBlocks + "/" + totalDataBlocks + " blocks ("
                + Sizes.bytes(usedDataBlocks * blockBytes) + " of " + Sizes.bytes(totalDataBlocks * blockBytes) + ", "
                + Sizes.percent(usedDataBlocks, totalDataBlocks) + "), metadata " + usedMetaBlocks + "/" + totalMetaBlocks
                + " blocks (" + Sizes.bytes(usedMetaBlocks * META_BLOCK_BYTES) + " of "
                + Sizes.bytes(totalMetaBlocks * META_BLOCK_BYTES) + ", " + Sizes.percent(usedMetaBlocks, totalMetaBlocks)
                + "), mode " + mode + ", transaction " + transactionId + (needsCheck ? ", NEEDS CHECK" : "");
    }
}
