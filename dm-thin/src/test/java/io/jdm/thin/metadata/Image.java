package io.jdm.thin.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * The fixture image with edits over it, for corrupting tests: edited blocks are kept apart, the rest is
 * read from one shared copy. Counts reads and fails the test (an {@link AssertionError}, which the
 * reader never catches) past a budget, so a walk that would not end shows up as a failure.
 */
final class Image implements BlockSource {
    private static final ByteBuffer FIXTURE = Fixture.image().asReadOnlyBuffer();

    private final Map<Long, ByteBuffer> edits = new HashMap<>();
    private final long budget;
    private long reads;

    Image(long budget) {
        this.budget = budget;
    }

    /** The unchanged fixture, reads unlimited. */
    static Image fixture() {
        return new Image(Long.MAX_VALUE);
    }

    /** Block {@code nr} for editing (little-endian, absolute puts); edits stay until the image is dropped. */
    ByteBuffer edit(long nr) {
        return edits.computeIfAbsent(nr, n -> copyOfFixture(n));
    }

    /** Writes the checksum a block of this kind needs, so that only the other checks can catch an edit. */
    Image seal(long nr, int salt) {
        ByteBuffer b = edit(nr);
        b.putInt(Layout.NODE_CSUM, Checksum.of(b, salt));
        return this;
    }

    Image sealNode(long nr) {
        return seal(nr, Layout.BTREE_NODE_SALT);
    }

    Image sealSuperblock() {
        return seal(0, Layout.SUPERBLOCK_SALT);
    }

    long reads() {
        return reads;
    }

    @Override
    public long blockCount() {
        return FIXTURE.capacity() / Layout.BLOCK_SIZE;
    }

    @Override
    public ByteBuffer read(long nr) {
        if (++reads > budget) {
            throw new AssertionError("more than " + budget + " block reads: the walk does not end");
        }
        if (nr < 0 || nr >= blockCount()) {
            throw BlockSource.pastTheEnd(this, nr);
        }
        ByteBuffer edited = edits.get(nr);
        if (edited == null) {
            return copyOfFixture(nr);
        }
        ByteBuffer copy = ByteBuffer.allocate(Layout.BLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        return copy.put(0, edited, 0, Layout.BLOCK_SIZE);
    }

    private static ByteBuffer copyOfFixture(long nr) {
        ByteBuffer copy = ByteBuffer.allocate(Layout.BLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        return copy.put(0, FIXTURE, (int) nr * Layout.BLOCK_SIZE, Layout.BLOCK_SIZE);
    }

    /** The whole image, edits applied (e.g. to write it to a file). */
    byte[] bytes() {
        byte[] all = new byte[FIXTURE.capacity()];
        FIXTURE.get(0, all);
        edits.forEach((nr, b) -> b.get(0, all, (int) (nr * Layout.BLOCK_SIZE), Layout.BLOCK_SIZE));
        return all;
    }

    @Override
    public String name() {
        return "fixture image";
    }

    @Override
    public void close() {
        // nothing to release
    }

    /** A reader of block 0's state of this image. */
    MetadataReader reader() {
        return MetadataReader.ofBlockZero(this);
    }
}
