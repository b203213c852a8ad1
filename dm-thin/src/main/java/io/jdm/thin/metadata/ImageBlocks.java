package io.jdm.thin.metadata;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A metadata image in memory (a copy of a metadata device), e.g. for tests. */
final class ImageBlocks implements BlockSource {
    private final ByteBuffer image;
    private final String name;

    /** The image's bytes from its position to its limit; a trailing partial block is not a block. */
    ImageBlocks(ByteBuffer image, String name) {
        this.image = image.slice().asReadOnlyBuffer();
        this.name = name;
    }

    @Override
    public long blockCount() {
        return image.capacity() / Layout.BLOCK_SIZE;
    }

    @Override
    public ByteBuffer read(long nr) {
        if (nr < 0 || nr >= blockCount()) {
            throw BlockSource.pastTheEnd(this, nr);
        }
        ByteBuffer copy = ByteBuffer.allocate(Layout.BLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(0, image, (int) nr * Layout.BLOCK_SIZE, Layout.BLOCK_SIZE);
        return copy;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
