package io.jdm.thin.metadata;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the on-disk layout: offsets derived here from the kernel's structs, field by field in declaration
 * order (all {@code __packed} or naturally aligned), must be {@link Layout}'s; and a superblock written
 * at those offsets reads back field by field.
 */
class LayoutTest {

    /** Offsets of consecutive fields of the given sizes; the entry "end" is the struct's size. */
    private static Map<String, Integer> offsets(Object... namesAndSizes) {
        Map<String, Integer> offsets = new LinkedHashMap<>();
        int at = 0;
        for (int i = 0; i < namesAndSizes.length; i += 2) {
            offsets.put((String) namesAndSizes[i], at);
            at += (Integer) namesAndSizes[i + 1];
        }
        offsets.put("end", at);
        return offsets;
    }

    // struct thin_disk_superblock (dm-thin-metadata.c)
    private static final Map<String, Integer> SUPERBLOCK = offsets("csum", 4, "flags", 4, "blocknr", 8, "uuid", 16,
            "magic", 8, "version", 4, "time", 4, "trans_id", 8, "held_root", 8, "data_space_map_root", 128,
            "metadata_space_map_root", 128, "data_mapping_root", 8, "device_details_root", 8, "data_block_size", 4,
            "metadata_block_size", 4, "metadata_nr_blocks", 8, "compat_flags", 4, "compat_ro_flags", 4,
            "incompat_flags", 4);

    @Test
    void superblockOffsets() {
        assertEquals(SUPERBLOCK.get("csum"), Layout.SB_CSUM);
        assertEquals(SUPERBLOCK.get("flags"), Layout.SB_FLAGS);
        assertEquals(SUPERBLOCK.get("blocknr"), Layout.SB_BLOCKNR);
        assertEquals(SUPERBLOCK.get("uuid"), Layout.SB_UUID);
        assertEquals(SUPERBLOCK.get("magic"), Layout.SB_MAGIC);
        assertEquals(32, Layout.SB_MAGIC, "the probe looks for the magic at offset 32");
        assertEquals(SUPERBLOCK.get("version"), Layout.SB_VERSION);
        assertEquals(SUPERBLOCK.get("time"), Layout.SB_TIME);
        assertEquals(SUPERBLOCK.get("trans_id"), Layout.SB_TRANS_ID);
        assertEquals(SUPERBLOCK.get("held_root"), Layout.SB_HELD_ROOT);
        assertEquals(SUPERBLOCK.get("data_space_map_root"), Layout.SB_DATA_SPACE_MAP_ROOT);
        assertEquals(SUPERBLOCK.get("metadata_space_map_root"), Layout.SB_METADATA_SPACE_MAP_ROOT);
        assertEquals(SUPERBLOCK.get("metadata_space_map_root") - SUPERBLOCK.get("data_space_map_root"),
                Layout.SPACE_MAP_ROOT_SIZE);
        assertEquals(SUPERBLOCK.get("data_mapping_root"), Layout.SB_DATA_MAPPING_ROOT);
        assertEquals(SUPERBLOCK.get("device_details_root"), Layout.SB_DEVICE_DETAILS_ROOT);
        assertEquals(SUPERBLOCK.get("data_block_size"), Layout.SB_DATA_BLOCK_SIZE);
        assertEquals(SUPERBLOCK.get("metadata_block_size"), Layout.SB_METADATA_BLOCK_SIZE);
        assertEquals(SUPERBLOCK.get("metadata_nr_blocks"), Layout.SB_METADATA_NR_BLOCKS);
        assertEquals(SUPERBLOCK.get("compat_flags"), Layout.SB_COMPAT_FLAGS);
        assertEquals(SUPERBLOCK.get("compat_ro_flags"), Layout.SB_COMPAT_RO_FLAGS);
        assertEquals(SUPERBLOCK.get("incompat_flags"), Layout.SB_INCOMPAT_FLAGS);
        assertEquals(SUPERBLOCK.get("end"), Layout.SUPERBLOCK_SIZE);
        // the kernel's BUILD_BUG_ON: the superblock fits one sector, so its write is atomic
        assertEquals(true, Layout.SUPERBLOCK_SIZE <= 512);
    }

    @Test
    void spaceMapRootNodeHeaderAndDeviceDetailsOffsets() {
        // struct disk_sm_root (dm-space-map-common.h)
        Map<String, Integer> sm = offsets("nr_blocks", 8, "nr_allocated", 8, "bitmap_root", 8, "ref_count_root", 8);
        assertEquals(sm.get("nr_blocks"), Layout.SM_NR_BLOCKS);
        assertEquals(sm.get("nr_allocated"), Layout.SM_NR_ALLOCATED);
        assertEquals(sm.get("bitmap_root"), Layout.SM_BITMAP_ROOT);
        assertEquals(sm.get("ref_count_root"), Layout.SM_REF_COUNT_ROOT);
        assertEquals(true, sm.get("end") <= Layout.SPACE_MAP_ROOT_SIZE);

        // struct node_header (dm-btree-internal.h), then the keys
        Map<String, Integer> node = offsets("csum", 4, "flags", 4, "blocknr", 8, "nr_entries", 4, "max_entries", 4,
                "value_size", 4, "padding", 4);
        assertEquals(node.get("csum"), Layout.NODE_CSUM);
        assertEquals(node.get("flags"), Layout.NODE_FLAGS);
        assertEquals(node.get("blocknr"), Layout.NODE_BLOCKNR);
        assertEquals(node.get("nr_entries"), Layout.NODE_NR_ENTRIES);
        assertEquals(node.get("max_entries"), Layout.NODE_MAX_ENTRIES);
        assertEquals(node.get("value_size"), Layout.NODE_VALUE_SIZE);
        assertEquals(node.get("end"), Layout.NODE_HEADER_SIZE);
        assertEquals(1, Layout.INTERNAL_NODE); // enum node_flags
        assertEquals(2, Layout.LEAF_NODE);

        // struct disk_device_details (dm-thin-metadata.c)
        Map<String, Integer> dd = offsets("mapped_blocks", 8, "transaction_id", 8, "creation_time", 4,
                "snapshotted_time", 4);
        assertEquals(dd.get("mapped_blocks"), Layout.DD_MAPPED_BLOCKS);
        assertEquals(dd.get("transaction_id"), Layout.DD_TRANSACTION_ID);
        assertEquals(dd.get("creation_time"), Layout.DD_CREATION_TIME);
        assertEquals(dd.get("snapshotted_time"), Layout.DD_SNAPSHOTTED_TIME);
        assertEquals(dd.get("end"), Layout.DEVICE_DETAILS_SIZE);
    }

    @Test
    void constantsOfTheFormat() {
        assertEquals(4096, Layout.BLOCK_SIZE);
        assertEquals(8, Layout.BLOCK_SECTORS);
        assertEquals(27_022_010L, Layout.SUPERBLOCK_MAGIC);
        assertEquals(160_774, Layout.SUPERBLOCK_SALT);
        assertEquals(121_107, Layout.BTREE_NODE_SALT);
        assertEquals(24, Layout.BLOCK_TIME_SHIFT); // pack_block_time: (b << 24) | t
    }

    /** Distinct values at the kernel's offsets (not Layout's) come back in the right fields. */
    @Test
    void everySuperblockFieldIsReadFromItsOffset() {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(SUPERBLOCK.get("flags"), 1);
        b.putLong(SUPERBLOCK.get("blocknr"), 0);
        for (int i = 0; i < 16; i++) {
            b.put(SUPERBLOCK.get("uuid") + i, (byte) (0xA0 + i));
        }
        b.putLong(SUPERBLOCK.get("magic"), 27_022_010L);
        b.putInt(SUPERBLOCK.get("version"), 2);
        b.putInt(SUPERBLOCK.get("time"), 0xFFFF_FFF0); // unsigned
        b.putLong(SUPERBLOCK.get("trans_id"), 0x1122_3344_5566_7788L);
        b.putLong(SUPERBLOCK.get("held_root"), 77);
        int data = SUPERBLOCK.get("data_space_map_root");
        b.putLong(data, 1000).putLong(data + 8, 999).putLong(data + 16, 3).putLong(data + 24, 4);
        int meta = SUPERBLOCK.get("metadata_space_map_root");
        b.putLong(meta, 512).putLong(meta + 8, 40).putLong(meta + 16, 1).putLong(meta + 24, 2);
        b.putLong(SUPERBLOCK.get("data_mapping_root"), 5);
        b.putLong(SUPERBLOCK.get("device_details_root"), 6);
        b.putInt(SUPERBLOCK.get("data_block_size"), 2_097_152);
        b.putInt(SUPERBLOCK.get("metadata_block_size"), 8);
        b.putLong(SUPERBLOCK.get("metadata_nr_blocks"), 4096);
        b.putInt(SUPERBLOCK.get("compat_flags"), 0x10);
        b.putInt(SUPERBLOCK.get("compat_ro_flags"), 0x20);
        b.putInt(SUPERBLOCK.get("csum"), Checksum.of(b, 160_774));

        ThinSuperblock sb = ThinSuperblock.parse(b, 0);
        assertEquals(new ThinSuperblock(1, 0, UUID.fromString("a0a1a2a3-a4a5-a6a7-a8a9-aaabacadaeaf"), 2, 0xFFFF_FFF0L,
                0x1122_3344_5566_7788L, 77, new ThinSuperblock.SpaceMapRoot(1000, 999, 3, 4),
                new ThinSuperblock.SpaceMapRoot(512, 40, 1, 2), 5, 6, 2_097_152, 8, 4096, 0x10, 0x20, 0), sb);
        assertEquals(true, sb.needsCheck());
    }
}
