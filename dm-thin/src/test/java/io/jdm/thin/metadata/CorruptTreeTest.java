package io.jdm.thin.metadata;

import io.jdm.thin.metadata.ThinMetadataException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One corruption at a time in the kernel-written fixture, each resealed with a valid checksum so that
 * only the structural checks can catch it: a typed exception naming the block and what is wrong.
 */
class CorruptTreeTest {
    /** Blocks the fixture does not use (it uses 0..113 of 512). */
    private static final long FREE = 400;

    private final Image image = Image.fixture();
    private final ThinSuperblock sb = ThinSuperblock.parse(image.read(0), 0);
    private final long details = sb.deviceDetailsRoot();
    private final long top = sb.dataMappingRoot();

    private static void assertFails(Kind kind, long block, String text, Executable read) {
        ThinMetadataException e = assertThrows(ThinMetadataException.class, read);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(OptionalLong.of(block), e.block(), e.getMessage());
        assertTrue(e.getMessage().startsWith("thin metadata block " + Long.toUnsignedString(block) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    private void readEverything() {
        try (MetadataReader reader = image.reader()) {
            reader.devices();
            reader.usage();
        }
    }

    /** Writes a node into block {@code nr} and seals it. */
    private void node(long nr, int flags, int valueSize, long[] keys, long[] values) {
        ByteBuffer b = image.edit(nr);
        int max = (4096 - 32) / (8 + valueSize) / 3 * 3;
        b.putInt(Layout.NODE_FLAGS, flags).putLong(Layout.NODE_BLOCKNR, nr).putInt(Layout.NODE_NR_ENTRIES, keys.length)
                .putInt(Layout.NODE_MAX_ENTRIES, max).putInt(Layout.NODE_VALUE_SIZE, valueSize);
        for (int i = 0; i < keys.length; i++) {
            b.putLong(32 + 8 * i, keys[i]);
            b.putLong(32 + 8 * max + valueSize * i, values[i]);
        }
        image.sealNode(nr);
    }

    private void mappingRootIs(long nr) {
        image.edit(0).putLong(Layout.SB_DATA_MAPPING_ROOT, nr);
        image.sealSuperblock();
    }

    private long mappingRootOf(long thinId) {
        BTree.Entry e = new BTree(image, "top", 8).find(top, thinId).orElseThrow();
        return e.leaf().le64(e.index());
    }

    @Test
    void aChecksumThatDoesNotMatch() {
        image.edit(details).put(1000, (byte) 0x55);
        assertFails(Kind.CHECKSUM, details, "device details tree node checksum", this::readEverything);
    }

    @Test
    void headerFieldsOutOfBounds() {
        int max = image.read(details).getInt(Layout.NODE_MAX_ENTRIES);
        image.edit(details).putInt(Layout.NODE_NR_ENTRIES, max + 1);
        image.sealNode(details);
        assertFails(Kind.BAD_NODE, details, "nr_entries " + (max + 1) + " > max_entries", this::readEverything);

        image.edit(details).putInt(Layout.NODE_NR_ENTRIES, 1).putInt(Layout.NODE_MAX_ENTRIES, 200);
        image.sealNode(details);
        assertFails(Kind.BAD_NODE, details, "do not fit a block", this::readEverything);

        image.edit(details).putInt(Layout.NODE_MAX_ENTRIES, max).putInt(Layout.NODE_VALUE_SIZE, 8);
        image.sealNode(details);
        assertFails(Kind.BAD_NODE, details, "8-byte values, the tree's are 24", this::readEverything);

        image.edit(details).putInt(Layout.NODE_VALUE_SIZE, 24).putInt(Layout.NODE_FLAGS, 3);
        image.sealNode(details);
        assertFails(Kind.BAD_NODE, details, "neither internal", this::readEverything);

        image.edit(details).putInt(Layout.NODE_FLAGS, 2).putLong(Layout.NODE_BLOCKNR, details + 1);
        image.sealNode(details);
        assertFails(Kind.BAD_NODE, details, "says it is block " + (details + 1), this::readEverything);
    }

    @Test
    void keysOutOfOrder() {
        ByteBuffer b = image.edit(top);
        long k0 = b.getLong(32);
        b.putLong(32, b.getLong(40)).putLong(40, k0);
        image.sealNode(top);
        assertFails(Kind.BAD_NODE, top, "keys out of order", this::readEverything);
    }

    @Test
    void pointersOutsideTheMetadata() {
        image.edit(0).putLong(Layout.SB_DEVICE_DETAILS_ROOT, 0);
        image.sealSuperblock();
        assertFails(Kind.BAD_NODE, 0, "outside the metadata blocks 1..511", this::readEverything);

        image.edit(0).putLong(Layout.SB_DEVICE_DETAILS_ROOT, 512);
        image.sealSuperblock();
        assertFails(Kind.BAD_NODE, 512, "outside", this::readEverything);

        image.edit(0).putLong(Layout.SB_DEVICE_DETAILS_ROOT, -1);
        image.sealSuperblock();
        assertFails(Kind.BAD_NODE, -1L, "outside", this::readEverything); // 2^64-1, unsigned
    }

    @Test
    void aPointerLoopEndsAtTheDepthLimit() {
        node(FREE, Layout.INTERNAL_NODE, 8, new long[] {0}, new long[] {FREE});
        mappingRootIs(FREE);
        assertFails(Kind.BAD_NODE, FREE, "deeper than any real tree", this::readEverything);

        node(FREE, Layout.INTERNAL_NODE, 8, new long[] {0}, new long[] {FREE + 1});
        node(FREE + 1, Layout.INTERNAL_NODE, 8, new long[] {0}, new long[] {FREE});
        assertFails(Kind.BAD_NODE, FREE + (BTree.MAX_DEPTH % 2), "deeper than any real tree", this::readEverything);
    }

    /** A chain deeper than the limit, without a loop: stopped at the limit, never a stack overflow. */
    @Test
    void aTooDeepChain() {
        int chain = BTree.MAX_DEPTH + 8;
        for (int i = 0; i < chain; i++) {
            node(FREE + i, Layout.INTERNAL_NODE, 8, new long[] {0}, new long[] {i == chain - 1 ? top : FREE + i + 1});
        }
        mappingRootIs(FREE);
        assertFails(Kind.BAD_NODE, FREE + BTree.MAX_DEPTH, BTree.MAX_DEPTH + " levels below the root", this::readEverything);
    }

    @Test
    void aNodeReachedTwiceFailsOnItsKeyRange() {
        node(FREE, Layout.INTERNAL_NODE, 8, new long[] {0, 3}, new long[] {top, top});
        mappingRootIs(FREE);
        assertFails(Kind.BAD_NODE, top, "outside the range its parent gives it, 0..3 (exclusive)", this::readEverything);
    }

    @Test
    void anEmptyNodeBelowTheRoot() {
        node(FREE, Layout.INTERNAL_NODE, 8, new long[] {0}, new long[] {FREE + 1});
        node(FREE + 1, Layout.LEAF_NODE, 8, new long[0], new long[0]);
        mappingRootIs(FREE);
        assertFails(Kind.BAD_NODE, FREE + 1, "is empty but not the root", this::readEverything);
    }

    @Test
    void aMappingPastTheDataDevice() {
        long leaf = mappingRootOf(6);
        ByteBuffer b = image.edit(leaf);
        int max = b.getInt(Layout.NODE_MAX_ENTRIES);
        b.putLong(32 + 8 * max, (512L << 24) | 2);
        image.sealNode(leaf);
        assertFails(Kind.INCONSISTENT, leaf, "to data block 512, past the pool's 512 data blocks", this::readEverything);
        try (MetadataReader reader = image.reader()) {
            ThinMetadataException e = assertThrows(ThinMetadataException.class, () -> reader.forEachMapping(6, (v, d, t) -> { }));
            assertEquals(Kind.INCONSISTENT, e.kind());
            assertEquals(4, reader.devices().size(), "the details tree still reads");
        }
    }

    @Test
    void treesThatDisagree() {
        ByteBuffer b = image.edit(details);
        b.putInt(Layout.NODE_NR_ENTRIES, b.getInt(Layout.NODE_NR_ENTRIES) - 1); // drops device 6
        image.sealNode(details);
        try (MetadataReader reader = image.reader()) {
            assertEquals(3, reader.devices().size());
            ThinMetadataException e = assertThrows(ThinMetadataException.class, reader::usage);
            assertEquals(Kind.INCONSISTENT, e.kind());
            assertTrue(e.getMessage().contains("[1, 2, 5] but the data mapping tree lists [1, 2, 5, 6]"), e.getMessage());
        }
    }

    @Test
    void aThinIdBeyond24Bits() {
        ByteBuffer b = image.edit(top);
        b.putLong(32 + 8 * (b.getInt(Layout.NODE_NR_ENTRIES) - 1), 1L << 24);
        image.sealNode(top);
        assertFails(Kind.BAD_NODE, top, "beyond the 24-bit thin ids", this::readEverything);
    }

    @Test
    void anUnknownThinId() {
        try (MetadataReader reader = image.reader()) {
            ThinMetadataException e = assertThrows(ThinMetadataException.class, () -> reader.forEachMapping(3, (v, d, t) -> { }));
            assertEquals(Kind.NO_SUCH_DEVICE, e.kind());
            assertEquals(OptionalLong.empty(), e.block());
        }
    }

    @Test
    void aBadSuperblock() {
        image.edit(0).putLong(Layout.SB_MAGIC, 0);
        assertFails(Kind.NOT_A_POOL, 0, "no thin superblock magic", image::reader);
        image.edit(0).putLong(Layout.SB_MAGIC, Layout.SUPERBLOCK_MAGIC).putInt(Layout.SB_TIME, 3);
        assertFails(Kind.CHECKSUM, 0, "superblock checksum", image::reader);
        image.edit(0).putInt(Layout.SB_VERSION, 0);
        image.sealSuperblock();
        assertFails(Kind.BAD_SUPERBLOCK, 0, "metadata version 0", image::reader);
    }

    @Test
    void aClosedReaderRefusesToRead() {
        MetadataReader reader = image.reader();
        reader.close();
        reader.close(); // idempotent
        assertThrows(IllegalStateException.class, reader::devices);
        assertThrows(IllegalStateException.class, reader::superblock);
    }
}
