package io.jdm.thin.metadata;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The persistent-data block checksum ({@code dm_bm_checksum}): the kernel's {@code crc32c(~0, ...)} has
 * no final inversion, the JDK's CRC32C does, so the kernel's value is the JDK's inverted, then xor-ed
 * with the block kind's salt. It covers the block after its first 4 bytes, where it is stored.
 */
final class Checksum {
    private Checksum() {
    }

    /** The checksum a block of this kind must carry in its first 4 bytes. */
    static int of(ByteBuffer block, int salt) {
        CRC32C crc = new CRC32C();
        crc.update(block.duplicate().position(Layout.CHECKSUMMED_FROM).limit(Layout.BLOCK_SIZE));
        return ~(int) crc.getValue() ^ salt;
    }

    static int stored(ByteBuffer block) {
        return block.getInt(0);
    }

    /** Fails with {@link ThinMetadataException.Kind#CHECKSUM} unless the block carries its checksum. */
    static void verify(ByteBuffer block, int salt, long blockNr, String what) {
        int expected = of(block, salt);
        int stored = stored(block);
        if (stored != expected) {
            throw ThinMetadataException.at(ThinMetadataException.Kind.CHECKSUM, blockNr, String.format(
                    "%s checksum is 0x%08x, the contents give 0x%08x", what, stored, expected));
        }
    }
}
