package io.jdm.thin.metadata;

import io.jdm.thin.metadata.ThinMetadataException.Kind;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A thin pool's superblock ({@code struct thin_disk_superblock}): block 0 of the metadata device, or the
 * copy a metadata snapshot ({@code reserve_metadata_snap}) makes at its held root, which has the same
 * layout but zeroed space map roots. Values are the on-disk ones, unsigned fields widened to {@code long}.
 *
 * @param flags              bit 0 is {@code needs_check} (see {@link #needsCheck()})
 * @param blockNumber        the block this superblock says it is in (0, or the held root of a snapshot)
 * @param uuid               the 16 uuid bytes in order (the kernel writes zeros)
 * @param version            the metadata format version (1 or 2)
 * @param time               the pool's snapshot counter, which mappings are stamped with
 * @param transactionId      what {@code set_transaction_id} last set (the pool status prints it)
 * @param heldRoot           the metadata snapshot's block, 0 when none is held (see {@link #heldMetadataRoot()})
 * @param dataSpaceMap       the data space map's root: {@code blockCount} is the pool's number of data blocks
 * @param metadataSpaceMap   the metadata space map's root: {@code blockCount} is the usable metadata blocks
 * @param dataMappingRoot    root of the two-level mapping tree (thin id, then virtual block)
 * @param deviceDetailsRoot  root of the device details tree (thin id)
 * @param dataBlockSize      in 512-byte sectors
 * @param metadataBlockSize  in 512-byte sectors (always 8: 4 KiB)
 * @param metadataBlockCount the metadata device's size in blocks when the pool was formatted (the kernel
 *                           does not update it when the device grows; {@code metadataSpaceMap} has the current one)
 */
public record ThinSuperblock(int flags, long blockNumber, UUID uuid, int version, long time, long transactionId,
                             long heldRoot, SpaceMapRoot dataSpaceMap, SpaceMapRoot metadataSpaceMap,
                             long dataMappingRoot, long deviceDetailsRoot, long dataBlockSize, long metadataBlockSize,
                             long metadataBlockCount, int compatFlags, int compatRoFlags, int incompatFlags) {

    /**
     * The first 32 bytes of a space map root ({@code struct disk_sm_root}).
     *
     * @param blockCount      blocks the space map covers
     * @param allocatedBlocks blocks with a reference count above zero
     */
    public record SpaceMapRoot(long blockCount, long allocatedBlocks, long bitmapRoot, long refCountRoot) {
    }

    public ThinSuperblock {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(dataSpaceMap, "dataSpaceMap");
        Objects.requireNonNull(metadataSpaceMap, "metadataSpaceMap");
    }

    /** The kernel wants {@code thin_check} run before it uses the pool read-write again. */
    public boolean needsCheck() {
        return (flags & Layout.FLAG_NEEDS_CHECK) != 0;
    }

    /** The block of the metadata snapshot this superblock points at, if one is held. */
    public OptionalLong heldMetadataRoot() {
        return heldRoot == 0 ? OptionalLong.empty() : OptionalLong.of(heldRoot);
    }

    /** True when {@code block} starts with the thin superblock magic (whatever else it holds). */
    static boolean hasMagic(ByteBuffer block) {
        return block.duplicate().order(ByteOrder.LITTLE_ENDIAN).getLong(Layout.SB_MAGIC) == Layout.SUPERBLOCK_MAGIC;
    }

    /**
     * Reads and checks the superblock in {@code block}, which was read from block {@code blockNr}: the
     * magic, the checksum, the block number it names, and the fields a reader depends on.
     */
    static ThinSuperblock parse(ByteBuffer block, long blockNr) {
        ByteBuffer b = block.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.capacity() < Layout.BLOCK_SIZE) {
            throw ThinMetadataException.at(Kind.IO, blockNr, "only " + b.capacity() + " bytes, a metadata block is "
                    + Layout.BLOCK_SIZE);
        }
        if (!hasMagic(b)) {
            throw ThinMetadataException.at(Kind.NOT_A_POOL, blockNr, String.format(
                    "no thin superblock magic (%d) at offset %d, found %d", Layout.SUPERBLOCK_MAGIC, Layout.SB_MAGIC,
                    b.getLong(Layout.SB_MAGIC)));
        }
        Checksum.verify(b, Layout.SUPERBLOCK_SALT, blockNr, "superblock");
        long ownBlock = b.getLong(Layout.SB_BLOCKNR);
        if (ownBlock != blockNr) {
            throw bad(blockNr, "superblock says it is block " + Long.toUnsignedString(ownBlock));
        }
        int version = b.getInt(Layout.SB_VERSION);
        if (version < Layout.MIN_VERSION || version > Layout.MAX_VERSION) {
            throw bad(blockNr, "metadata version " + Integer.toUnsignedString(version) + ", this reader knows "
                    + Layout.MIN_VERSION + ".." + Layout.MAX_VERSION);
        }
        long metadataBlockSize = u32(b, Layout.SB_METADATA_BLOCK_SIZE);
        if (metadataBlockSize != Layout.BLOCK_SECTORS) {
            throw bad(blockNr, "metadata block size " + metadataBlockSize + " sectors, dm-thin always uses "
                    + Layout.BLOCK_SECTORS);
        }
        int incompat = b.getInt(Layout.SB_INCOMPAT_FLAGS);
        if (incompat != 0) {
            throw bad(blockNr, String.format("incompatible features 0x%x that this reader (like the kernel) does not know",
                    incompat));
        }
        return new ThinSuperblock(b.getInt(Layout.SB_FLAGS), ownBlock, uuid(b), version, u32(b, Layout.SB_TIME),
                b.getLong(Layout.SB_TRANS_ID), b.getLong(Layout.SB_HELD_ROOT),
                spaceMapRoot(b, Layout.SB_DATA_SPACE_MAP_ROOT), spaceMapRoot(b, Layout.SB_METADATA_SPACE_MAP_ROOT),
                b.getLong(Layout.SB_DATA_MAPPING_ROOT), b.getLong(Layout.SB_DEVICE_DETAILS_ROOT),
                u32(b, Layout.SB_DATA_BLOCK_SIZE), metadataBlockSize, b.getLong(Layout.SB_METADATA_NR_BLOCKS),
                b.getInt(Layout.SB_COMPAT_FLAGS), b.getInt(Layout.SB_COMPAT_RO_FLAGS), incompat);
    }

    private static ThinMetadataException bad(long blockNr, String what) {
        return ThinMetadataException.at(Kind.BAD_SUPERBLOCK, blockNr, what);
    }

    private static long u32(ByteBuffer b, int offset) {
        return Integer.toUnsignedLong(b.getInt(offset));
    }

    private static UUID uuid(ByteBuffer b) {
        ByteBuffer big = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        return new UUID(big.getLong(Layout.SB_UUID), big.getLong(Layout.SB_UUID + 8));
    }

    private static SpaceMapRoot spaceMapRoot(ByteBuffer b, int at) {
        return new SpaceMapRoot(b.getLong(at + Layout.SM_NR_BLOCKS), b.getLong(at + Layout.SM_NR_ALLOCATED),
                b.getLong(at + Layout.SM_BITMAP_ROOT), b.getLong(at + Layout.SM_REF_COUNT_ROOT));
    }
}
