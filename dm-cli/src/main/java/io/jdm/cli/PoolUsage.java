package io.jdm.cli;

import io.jdm.targets.status.ThinPoolStatus;

/** A thin pool's usage in units people read, from its typed status. */
final class PoolUsage {
    /** Metadata blocks are always 4 KiB. */
    static final long META_BLOCK_BYTES = 4096;

    private PoolUsage() {
    }

    /** One readable line, given the pool's data block size in sectors. */
    static String describe(ThinPoolStatus status, long blockSectors) {
        return switch (status) {
            case ThinPoolStatus.Fail f -> "pool status: Fail (the pool has failed)";
            case ThinPoolStatus.MetadataError e -> "pool status: Error (its metadata could not be read)";
            case ThinPoolStatus.Working w -> {
                long blockBytes = blockSectors * 512;
                yield "data " + w.usedDataBlocks() + "/" + w.totalDataBlocks() + " blocks ("
                        + Sizes.bytes(w.usedDataBlocks() * blockBytes) + " of " + Sizes.bytes(w.totalDataBlocks() * blockBytes) + ", "
                        + Sizes.percent(w.usedDataBlocks(), w.totalDataBlocks()) + "), metadata " + w.usedMetadataBlocks() + "/"
                        + w.totalMetadataBlocks() + " blocks (" + Sizes.bytes(w.usedMetadataBlocks() * META_BLOCK_BYTES) + " of "
                        + Sizes.bytes(w.totalMetadataBlocks() * META_BLOCK_BYTES) + ", "
                        + Sizes.percent(w.usedMetadataBlocks(), w.totalMetadataBlocks()) + "), mode " + w.mode().word()
                        + ", transaction " + w.transactionId() + (w.needsCheck() ? ", NEEDS CHECK" : "");
            }
        };
    }
}
