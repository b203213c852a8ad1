package io.jdm.thin.metadata;

import io.jdm.thin.metadata.ThinMetadataException.Kind;

import java.nio.ByteBuffer;

/**
 * One btree node, read and checked on its own: the checksum, the block number it names, its kind, and
 * that its entries fit the block and have the value size the tree needs; keys strictly increasing.
 * What a node must satisfy relative to its parent (the key range) is {@link BTree}'s to check.
 */
final class Node {
    private final long blockNr;
    private final ByteBuffer block;
    private final boolean leaf;
    private final int entries;
    private final int maxEntries;
    private final int valueSize;

    private Node(long blockNr, ByteBuffer block, boolean leaf, int entries, int maxEntries, int valueSize) {
        this.blockNr = blockNr;
        this.block = block;
        this.leaf = leaf;
        this.entries = entries;
        this.maxEntries = maxEntries;
        this.valueSize = valueSize;
    }

    /**
     * Reads block {@code nr} as a node of {@code tree} whose leaves carry values of {@code leafValueSize}
     * bytes (internal nodes always carry le64 block numbers).
     */
    static Node read(BlockSource blocks, long nr, String tree, int leafValueSize) {
        // block 0 is the superblock; a node anywhere else in or past it is a corrupt pointer
        if (nr <= 0 || nr >= blocks.blockCount()) { // unsigned: "negative" is past any end
            throw ThinMetadataException.at(Kind.BAD_NODE, nr, "the " + tree + " points here, outside the metadata blocks 1.."
                    + (blocks.blockCount() - 1));
        }
        ByteBuffer b = blocks.read(nr);
        Checksum.verify(b, Layout.BTREE_NODE_SALT, nr, tree + " node");
        long own = b.getLong(Layout.NODE_BLOCKNR);
        if (own != nr) {
            throw bad(nr, tree, "says it is block " + Long.toUnsignedString(own));
        }
        int flags = b.getInt(Layout.NODE_FLAGS);
        if (flags != Layout.INTERNAL_NODE && flags != Layout.LEAF_NODE) {
            throw bad(nr, tree, "flags " + Integer.toUnsignedString(flags) + " say neither internal ("
                    + Layout.INTERNAL_NODE + ") nor leaf (" + Layout.LEAF_NODE + ")");
        }
        boolean leaf = flags == Layout.LEAF_NODE;
        long entries = Integer.toUnsignedLong(b.getInt(Layout.NODE_NR_ENTRIES));
        long max = Integer.toUnsignedLong(b.getInt(Layout.NODE_MAX_ENTRIES));
        long valueSize = Integer.toUnsignedLong(b.getInt(Layout.NODE_VALUE_SIZE));
        int wanted = leaf ? leafValueSize : Layout.LE64_VALUE_SIZE;
        if (valueSize != wanted) {
            throw bad(nr, tree, (leaf ? "leaf" : "internal node") + " with " + valueSize + "-byte values, the tree's are "
                    + wanted);
        }
        if (Layout.NODE_HEADER_SIZE + (Layout.KEY_SIZE + valueSize) * max > Layout.BLOCK_SIZE) {
            throw bad(nr, tree, "max_entries " + max + " of " + (Layout.KEY_SIZE + valueSize) + " bytes do not fit a block");
        }
        if (entries > max) {
            throw bad(nr, tree, "nr_entries " + entries + " > max_entries " + max);
        }
        Node node = new Node(nr, b, leaf, (int) entries, (int) max, (int) valueSize);
        for (int i = 1; i < node.entries; i++) {
            if (Long.compareUnsigned(node.key(i - 1), node.key(i)) >= 0) {
                throw bad(nr, tree, "keys out of order: entry " + (i - 1) + " is " + Long.toUnsignedString(node.key(i - 1))
                        + ", entry " + i + " is " + Long.toUnsignedString(node.key(i)));
            }
        }
        return node;
    }

    static ThinMetadataException bad(long nr, String tree, String what) {
        return ThinMetadataException.at(Kind.BAD_NODE, nr, tree + " node " + what);
    }

    long blockNr() {
        return blockNr;
    }

    boolean isLeaf() {
        return leaf;
    }

    int entries() {
        return entries;
    }

    long key(int i) {
        return block.getLong(Layout.NODE_HEADER_SIZE + Layout.KEY_SIZE * i);
    }

    /** Where value {@code i} starts in {@link #block()}. */
    int valueOffset(int i) {
        return Layout.NODE_HEADER_SIZE + Layout.KEY_SIZE * maxEntries + valueSize * i;
    }

    /** Value {@code i} as le64: a child block, a device's mapping root, or a mapping. */
    long le64(int i) {
        return block.getLong(valueOffset(i));
    }

    /** The node's block, little-endian, for reading wider values at {@link #valueOffset(int)}. */
    ByteBuffer block() {
        return block;
    }
}
