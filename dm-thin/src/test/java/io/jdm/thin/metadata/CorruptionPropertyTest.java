package io.jdm.thin.metadata;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random corruption of the kernel-written fixture (bit flips, block copies, rewritten pointers, header
 * fields and keys, most of them resealed with a valid checksum so that the structural checks are what
 * has to catch them): reading everything gives values or a {@link ThinMetadataException}, within a
 * bounded number of block reads; never another exception, a hang or a stack overflow.
 */
class CorruptionPropertyTest {
    /** Far above what any walk of this 512-block image needs; a walk that does not end hits it. */
    private static final long READ_BUDGET = 100L * 512;
    private static final long BLOCKS = Image.fixture().blockCount();
    /** The fixture's btree nodes: the blocks that carry a node checksum. */
    private static final long[] NODES = LongStream.range(1, BLOCKS).filter(n -> {
        ByteBuffer b = Image.fixture().read(n);
        return Checksum.stored(b) == Checksum.of(b, Layout.BTREE_NODE_SALT) && b.getLong(Layout.NODE_BLOCKNR) == n;
    }).toArray();
    private static final long HELD_ROOT = ThinSuperblock.parse(Image.fixture().read(0), 0).heldRoot();

    sealed interface Corruption {
        void apply(Image image);
    }

    /** Flips one bit; resealed or not (then the checksum must catch it, if the block is read). */
    record Flip(long block, int offset, int bit, boolean seal) implements Corruption {
        public void apply(Image image) {
            ByteBuffer b = image.edit(block);
            b.put(offset, (byte) (b.get(offset) ^ (1 << bit)));
            if (seal) {
                reseal(image, block);
            }
        }
    }

    /** Copies one block over another, optionally making it claim its new place. */
    record Copy(long from, long to, boolean claim) implements Corruption {
        public void apply(Image image) {
            ByteBuffer src = image.read(from);
            ByteBuffer b = image.edit(to);
            b.put(0, src, 0, Layout.BLOCK_SIZE);
            if (claim) {
                b.putLong(Layout.NODE_BLOCKNR, to);
                reseal(image, to);
            }
        }
    }

    /** Rewrites value {@code entry} of a node (a child pointer, a device's root, a mapping) and reseals. */
    record Value(long node, int entry, long value) implements Corruption {
        public void apply(Image image) {
            ByteBuffer b = image.edit(node);
            int max = Math.floorMod(b.getInt(Layout.NODE_MAX_ENTRIES), 510) + 1;
            int valueSize = Math.floorMod(b.getInt(Layout.NODE_VALUE_SIZE), 32);
            int at = Layout.NODE_HEADER_SIZE + 8 * max + valueSize * (entry % max);
            if (at + 8 <= Layout.BLOCK_SIZE) {
                b.putLong(at, value);
            }
            image.sealNode(node);
        }
    }

    /** Rewrites a key of a node and reseals. */
    record Key(long node, int entry, long key) implements Corruption {
        public void apply(Image image) {
            image.edit(node).putLong(Layout.NODE_HEADER_SIZE + 8 * (entry % 200), key);
            image.sealNode(node);
        }
    }

    /** Rewrites a node header field (flags, blocknr, nr_entries, max_entries, value_size) and reseals. */
    record Header(long node, int offset, int value) implements Corruption {
        public void apply(Image image) {
            ByteBuffer b = image.edit(node);
            if (offset == Layout.NODE_BLOCKNR) {
                b.putLong(offset, Integer.toUnsignedLong(value));
            } else {
                b.putInt(offset, value);
            }
            image.sealNode(node);
        }
    }

    /** Rewrites a superblock field (a root, a count, the held root) and reseals. */
    record SuperblockField(int offset, long value) implements Corruption {
        public void apply(Image image) {
            image.edit(0).putLong(offset, value);
            image.sealSuperblock();
        }
    }

    private static void reseal(Image image, long block) {
        image.seal(block, block == 0 || block == HELD_ROOT ? Layout.SUPERBLOCK_SALT : Layout.BTREE_NODE_SALT);
    }

    @Property(tries = 1500)
    void corruptMetadataGivesValuesOrTypedErrorsInBoundedReads(@ForAll("corruptions") List<Corruption> corruptions) {
        Image image = new Image(READ_BUDGET);
        corruptions.forEach(c -> c.apply(image));
        MetadataProbe probe = MetadataProbe.probe(image.read(0));
        String outcome;
        try {
            readEverything(image);
            outcome = "values";
        } catch (ThinMetadataException e) {
            outcome = e.kind().name();
            assertTrue(probe.holdsPool() || e.kind() == ThinMetadataException.Kind.NOT_A_POOL, probe + " / " + e);
        }
        assertTrue(image.reads() <= READ_BUDGET);
        Statistics.label("outcome").collect(outcome);
    }

    private static void readEverything(Image image) {
        try (MetadataReader reader = image.reader()) {
            readAll(reader);
            long held = reader.superblock().heldRoot();
            if (held != 0) {
                try (MetadataReader snapshot = MetadataReader.ofSnapshotRoot(image, held, reader.dataBlockCount(), () -> { })) {
                    readAll(snapshot);
                }
            }
        }
    }

    private static void readAll(MetadataReader reader) {
        for (ThinDeviceDetails device : reader.metadata().devices()) {
            try {
                reader.forEachMapping(device.thinId(), (virtualBlock, dataBlock, time) -> { });
            } catch (ThinMetadataException e) {
                if (e.kind() != ThinMetadataException.Kind.NO_SUCH_DEVICE) {
                    throw e;
                }
            }
        }
        reader.usage();
    }

    @Provide
    Arbitrary<List<Corruption>> corruptions() {
        return corruption().list().ofMinSize(1).ofMaxSize(4);
    }

    private static Arbitrary<Corruption> corruption() {
        Arbitrary<Long> used = Arbitraries.longs().between(0, 120);
        Arbitrary<Long> node = Arbitraries.of(LongStream.of(NODES).boxed().toList());
        Arbitrary<Long> pointer = Arbitraries.oneOf(node, Arbitraries.of(0L, BLOCKS - 1, BLOCKS, Long.MAX_VALUE, -1L, HELD_ROOT),
                Arbitraries.longs());
        Arbitrary<Corruption> flip = Combinators.combine(used, Arbitraries.integers().between(0, 4095),
                Arbitraries.integers().between(0, 7), Arbitraries.of(true, true, false)).as(Flip::new);
        Arbitrary<Corruption> copy = Combinators.combine(used, Arbitraries.oneOf(node, used), Arbitraries.of(true, false))
                .as(Copy::new);
        Arbitrary<Corruption> value = Combinators.combine(node, Arbitraries.integers().between(0, 300),
                Arbitraries.oneOf(pointer, pointer.map(p -> p << 24))).as(Value::new);
        Arbitrary<Corruption> key = Combinators.combine(node, Arbitraries.integers().between(0, 300),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 20), Arbitraries.longs(),
                        Arbitraries.of(1L << 24, Long.MIN_VALUE, -1L))).as(Key::new);
        Arbitrary<Corruption> header = Combinators.combine(node, Arbitraries.of(Layout.NODE_FLAGS, Layout.NODE_BLOCKNR,
                        Layout.NODE_NR_ENTRIES, Layout.NODE_MAX_ENTRIES, Layout.NODE_VALUE_SIZE),
                Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 8, 24, 125, 126, 127, 252, 253, 255, 256, -1,
                        Integer.MIN_VALUE), Arbitraries.integers())).as(Header::new);
        Arbitrary<Corruption> superblock = Combinators.combine(Arbitraries.of(Layout.SB_DATA_MAPPING_ROOT,
                        Layout.SB_DEVICE_DETAILS_ROOT, Layout.SB_HELD_ROOT, Layout.SB_DATA_SPACE_MAP_ROOT + Layout.SM_NR_BLOCKS),
                pointer).as(SuperblockField::new);
        return Arbitraries.oneOf(flip, copy, value, key, header, superblock);
    }
}
