package io.jdm.thin.metadata;

import java.util.Optional;

/**
 * Walks and searches one persistent-data btree, checking what makes a walk terminate on any input:
 *
 * <ul>
 *   <li>every node's keys lie in the range its parent gives it ({@code [key[i], key[i+1])}), and a node
 *       below the root is never empty. Ranges of different subtrees are disjoint, so a node reached a
 *       second time in one walk (a corrupt pointer into another subtree) fails as soon as its keys are
 *       checked;</li>
 *   <li>the depth is limited to {@link #MAX_DEPTH}, far more than any real tree has (a tree of 2^64 keys
 *       with the smallest fan-out the kernel leaves is about 11 deep). That ends the one kind of loop the
 *       ranges let through (a chain of single-entry nodes pointing back up), and bounds the recursion.</li>
 * </ul>
 *
 * So a walk reads at most {@code blockCount + MAX_DEPTH} blocks, whatever the device holds.
 * Keys are unsigned 64-bit numbers.
 */
final class BTree {
    static final int MAX_DEPTH = 32;

    /** Receives each leaf in key order, already checked against its range. */
    @FunctionalInterface
    interface LeafVisitor {
        void leaf(Node leaf);
    }

    /** A leaf and the index of one entry in it. */
    record Entry(Node leaf, int index) {
    }

    private final BlockSource blocks;
    private final String name;
    private final int valueSize;

    /**
     * @param name      what to call the tree in messages (e.g. "device details tree")
     * @param valueSize the size of the values in its leaves
     */
    BTree(BlockSource blocks, String name, int valueSize) {
        this.blocks = blocks;
        this.name = name;
        this.valueSize = valueSize;
    }

    /** Visits every leaf of the tree at {@code root}, left to right. */
    void walk(long root, LeafVisitor visitor) {
        walk(root, 0, 0, false, 0, visitor);
    }

    private void walk(long nr, long low, long high, boolean bounded, int depth, LeafVisitor visitor) {
        Node node = checkedNode(nr, low, high, bounded, depth);
        if (node.isLeaf()) {
            visitor.leaf(node);
            return;
        }
        for (int i = 0; i < node.entries(); i++) {
            boolean last = i == node.entries() - 1;
            walk(node.le64(i), node.key(i), last ? high : node.key(i + 1), !last || bounded, depth + 1, visitor);
        }
    }

    /** The entry with {@code key}, if the tree at {@code root} has one. */
    Optional<Entry> find(long root, long key) {
        long nr = root;
        long low = 0;
        long high = 0;
        boolean bounded = false;
        for (int depth = 0; ; depth++) {
            Node node = checkedNode(nr, low, high, bounded, depth);
            int i = lastAtOrBelow(node, key);
            if (node.isLeaf()) {
                return i >= 0 && node.key(i) == key ? Optional.of(new Entry(node, i)) : Optional.empty();
            }
            if (i < 0) {
                return Optional.empty();
            }
            boolean last = i == node.entries() - 1;
            low = node.key(i);
            if (!last) {
                high = node.key(i + 1);
                bounded = true;
            }
            nr = node.le64(i);
        }
    }

    /** The index of the last key not above {@code key}, or -1. */
    private static int lastAtOrBelow(Node node, long key) {
        int lo = 0;
        int hi = node.entries() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Long.compareUnsigned(node.key(mid), key) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private Node checkedNode(long nr, long low, long high, boolean bounded, int depth) {
        if (depth >= MAX_DEPTH) {
            throw Node.bad(nr, name, "is " + depth + " levels below the root, deeper than any real tree: a pointer loop");
        }
        Node node = Node.read(blocks, nr, name, valueSize);
        if (node.entries() == 0) {
            if (depth > 0) {
                throw Node.bad(nr, name, "is empty but not the root");
            }
            return node;
        }
        long first = node.key(0);
        long lastKey = node.key(node.entries() - 1);
        if (Long.compareUnsigned(first, low) < 0 || (bounded && Long.compareUnsigned(lastKey, high) >= 0)) {
            throw Node.bad(nr, name, "has keys " + Long.toUnsignedString(first) + ".." + Long.toUnsignedString(lastKey)
                    + " outside the range its parent gives it, " + Long.toUnsignedString(low) + ".."
                    + (bounded ? Long.toUnsignedString(high) + " (exclusive)" : "end"));
        }
        return node;
    }
}
