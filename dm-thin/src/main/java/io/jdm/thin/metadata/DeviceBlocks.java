package io.jdm.thin.metadata;

import io.jdm.ioctl.block.DirectIo;
import io.jdm.thin.metadata.ThinMetadataException.Kind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Metadata blocks read from a block device or an image file, opened read-only and without exclusivity
 * (a live pool holds its metadata device exclusively; readers must not need to).
 *
 * <p>A block device is read with {@code O_DIRECT}, as thin_dump does: the kernel writes metadata through
 * dm-bufio, which bypasses the device's page cache, so while the pool keeps the device open a buffered
 * read can return blocks cached before the pool changed them. A regular file is read through the page
 * cache, which the loop driver's writes to it keep current.
 */
final class DeviceBlocks implements BlockSource {
    private final Path path;
    private final FileChannel channel;
    private final long blockCount;
    /** Aligned for O_DIRECT; one read at a time (the source is not thread-safe). */
    private final ByteBuffer aligned;

    private DeviceBlocks(Path path, FileChannel channel, long sizeBytes) {
        this.path = path;
        this.channel = channel;
        this.blockCount = sizeBytes / Layout.BLOCK_SIZE;
        this.aligned = ByteBuffer.allocateDirect(2 * Layout.BLOCK_SIZE).alignedSlice(Layout.BLOCK_SIZE)
                .slice(0, Layout.BLOCK_SIZE);
    }

    static DeviceBlocks open(Path path) {
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            FileChannel channel = attrs.isOther()
                    ? FileChannel.open(path, StandardOpenOption.READ, DirectIo.DIRECT)
                    : FileChannel.open(path, StandardOpenOption.READ);
            try {
                return new DeviceBlocks(path, channel, channel.size());
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw ThinMetadataException.of(Kind.IO, "cannot open " + path + " to read thin metadata: " + e, e);
        }
    }

    @Override
    public long blockCount() {
        return blockCount;
    }

    @Override
    public ByteBuffer read(long nr) {
        if (nr < 0 || nr >= blockCount) {
            throw BlockSource.pastTheEnd(this, nr);
        }
        int got = fill(nr * Layout.BLOCK_SIZE);
        if (got < Layout.BLOCK_SIZE) {
            throw ThinMetadataException.at(Kind.IO, nr, path + " ended after " + got + " bytes of the block");
        }
        return copyOut(got);
    }

    /**
     * The first block, or as much of it as the device has (a device smaller than a block cannot hold a
     * pool, but is still something to look at before wiping it).
     */
    ByteBuffer readFirstBlock() {
        return copyOut(fill(0));
    }

    private int fill(long offset) {
        aligned.clear();
        try {
            while (aligned.hasRemaining()) {
                if (channel.read(aligned, offset + aligned.position()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            throw ThinMetadataException.of(Kind.IO, "reading " + path + " at byte " + offset + " failed: " + e, e);
        }
        return aligned.position();
    }

    private ByteBuffer copyOut(int length) {
        ByteBuffer copy = ByteBuffer.allocate(Layout.BLOCK_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(0, aligned, 0, length);
        return copy;
    }

    @Override
    public String name() {
        return path.toString();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // read-only: nothing was written that closing could lose
        }
    }
}
