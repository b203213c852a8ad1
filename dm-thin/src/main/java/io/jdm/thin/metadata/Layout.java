package io.jdm.thin.metadata;

/**
 * The on-disk format of dm-thin metadata, as the kernel writes it ({@code dm-thin-metadata.c},
 * {@code persistent-data/dm-btree-internal.h}, {@code dm-btree-spine.c}). Everything is little-endian;
 * {@code LayoutTest} pins every number here.
 */
final class Layout {
    /** Metadata is read and written in 4 KiB blocks (8 sectors), aligned to their size. */
    static final int BLOCK_SIZE = 4096;
    static final int BLOCK_SECTORS = BLOCK_SIZE / 512;

    static final long SUPERBLOCK_MAGIC = 27_022_010L;
    /** Checksums are {@code crc32c(~0, block[4..]) ^ salt}, the salt naming what the block is. */
    static final int SUPERBLOCK_SALT = 160_774;
    static final int BTREE_NODE_SALT = 121_107;
    /** The offset a checksum covers from: everything after the checksum itself. */
    static final int CHECKSUMMED_FROM = 4;

    // struct thin_disk_superblock (__packed)
    static final int SB_CSUM = 0;
    static final int SB_FLAGS = 4;
    static final int SB_BLOCKNR = 8;
    static final int SB_UUID = 16;
    static final int SB_UUID_SIZE = 16;
    static final int SB_MAGIC = 32;
    static final int SB_VERSION = 40;
    static final int SB_TIME = 44;
    static final int SB_TRANS_ID = 48;
    static final int SB_HELD_ROOT = 56;
    static final int SB_DATA_SPACE_MAP_ROOT = 64;
    static final int SB_METADATA_SPACE_MAP_ROOT = 192;
    static final int SPACE_MAP_ROOT_SIZE = 128;
    static final int SB_DATA_MAPPING_ROOT = 320;
    static final int SB_DEVICE_DETAILS_ROOT = 328;
    static final int SB_DATA_BLOCK_SIZE = 336;
    static final int SB_METADATA_BLOCK_SIZE = 340;
    static final int SB_METADATA_NR_BLOCKS = 344;
    static final int SB_COMPAT_FLAGS = 352;
    static final int SB_COMPAT_RO_FLAGS = 356;
    static final int SB_INCOMPAT_FLAGS = 360;
    static final int SUPERBLOCK_SIZE = 364;
    /** {@code THIN_METADATA_NEEDS_CHECK_FLAG}: the kernel asks for thin_check before the pool is used read-write. */
    static final int FLAG_NEEDS_CHECK = 1;
    static final int MIN_VERSION = 1;
    static final int MAX_VERSION = 2;

    // struct disk_sm_root, at the start of each 128-byte space map root
    static final int SM_NR_BLOCKS = 0;
    static final int SM_NR_ALLOCATED = 8;
    static final int SM_BITMAP_ROOT = 16;
    static final int SM_REF_COUNT_ROOT = 24;

    // struct node_header, then max_entries keys (le64), then max_entries values
    static final int NODE_CSUM = 0;
    static final int NODE_FLAGS = 4;
    static final int NODE_BLOCKNR = 8;
    static final int NODE_NR_ENTRIES = 16;
    static final int NODE_MAX_ENTRIES = 20;
    static final int NODE_VALUE_SIZE = 24;
    static final int NODE_HEADER_SIZE = 32;
    static final int KEY_SIZE = 8;
    static final int INTERNAL_NODE = 1;
    static final int LEAF_NODE = 2;
    /** Internal nodes' values, the top mapping level's values and mappings are all le64. */
    static final int LE64_VALUE_SIZE = 8;

    // struct disk_device_details
    static final int DEVICE_DETAILS_SIZE = 24;
    static final int DD_MAPPED_BLOCKS = 0;
    static final int DD_TRANSACTION_ID = 8;
    static final int DD_CREATION_TIME = 16;
    static final int DD_SNAPSHOTTED_TIME = 20;

    /** A mapping's value: {@code (data_block << 24) | time}. */
    static final int BLOCK_TIME_SHIFT = 24;
    static final long TIME_MASK = (1L << BLOCK_TIME_SHIFT) - 1;

    private Layout() {
    }
}
