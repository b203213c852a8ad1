package io.jdm.thin.metadata;

import java.nio.ByteBuffer;

/**
 * Where metadata blocks come from: a device or file ({@link DeviceBlocks}) or an image in memory
 * ({@link ImageBlocks}). Not thread-safe.
 */
interface BlockSource extends AutoCloseable {
    /** The number of whole 4 KiB blocks the source holds. */
    long blockCount();

    /**
     * Block {@code nr}: {@link Layout#BLOCK_SIZE} bytes, little-endian, a buffer of its own (a caller may
     * keep it while reading others).
     *
     * @throws ThinMetadataException {@link ThinMetadataException.Kind#IO} if the block is past the end
     *                               or cannot be read
     */
    ByteBuffer read(long nr);

    /** What to call the source in messages (a path). */
    String name();

    @Override
    void close();

    /** The failure for a block number the source does not hold. */
    static ThinMetadataException pastTheEnd(BlockSource source, long nr) {
        return ThinMetadataException.at(ThinMetadataException.Kind.IO, nr, source.name() + " holds only "
                + source.blockCount() + " blocks of " + Layout.BLOCK_SIZE + " bytes");
    }
}
