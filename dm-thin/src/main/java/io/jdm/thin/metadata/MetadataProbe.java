package io.jdm.thin.metadata;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What block 0 of a would-be metadata device holds, to decide whether it may be wiped for a fresh pool:
 * {@link Empty} (all zeros: a fresh device, the only state the kernel formats by itself), {@link Pool}
 * (a thin pool's superblock that checks out), {@link DamagedPool} (the thin magic, but a bad checksum or
 * field: still a pool's metadata, to be repaired rather than wiped), or {@link Other} (anything else: a
 * filesystem, an LVM label, a partition table, random bytes).
 *
 * <p>Only {@link Empty} and {@link Other} lack a pool; callers that wipe should still refuse {@link Other}
 * unless asked, since it is someone's data.
 */
public sealed interface MetadataProbe {

    /** Block 0 is all zeros. */
    record Empty() implements MetadataProbe {
    }

    /** Block 0 is a valid thin pool superblock. */
    record Pool(ThinSuperblock superblock) implements MetadataProbe {
        public Pool {
            Objects.requireNonNull(superblock, "superblock");
        }
    }

    /** Block 0 has the thin superblock magic but does not check out; {@code reason} says why. */
    record DamagedPool(String reason) implements MetadataProbe {
        public DamagedPool {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Block 0 holds something that is not a thin superblock. */
    record Other() implements MetadataProbe {
    }

    /** True for {@link Pool} and {@link DamagedPool}: a pool's metadata, never to be wiped without an explicit request. */
    default boolean holdsPool() {
        return this instanceof Pool || this instanceof DamagedPool;
    }

    /**
     * Reads the first 4 KiB of {@code device} (a block device, read with {@code O_DIRECT} so that a live
     * pool's latest superblock is seen, or a file) and classifies it. Opens read-only and not exclusively,
     * so it works on a device a live pool holds.
     *
     * @throws ThinMetadataException {@link ThinMetadataException.Kind#IO} if the device cannot be read
     */
    static MetadataProbe probe(Path device) {
        Objects.requireNonNull(device, "device");
        try (DeviceBlocks blocks = DeviceBlocks.open(device)) {
            return probe(blocks.readFirstBlock());
        }
    }

    /**
     * Classifies a copy of block 0: the bytes from {@code block0}'s position, up to 4 KiB (fewer are
     * read as if the rest were zeros). The buffer is not changed.
     */
    static MetadataProbe probe(ByteBuffer block0) {
        Objects.requireNonNull(block0, "block0");
        ByteBuffer block = ByteBuffer.allocate(Layout.BLOCK_SIZE);
        ByteBuffer src = block0.duplicate();
        block.put(0, src, src.position(), Math.min(src.remaining(), Layout.BLOCK_SIZE));
        if (ThinSuperblock.hasMagic(block)) {
            try {
                return new Pool(ThinSuperblock.parse(block, 0));
            } catch (ThinMetadataException e) {
                return new DamagedPool(e.getMessage());
            }
        }
        for (int i = 0; i < Layout.BLOCK_SIZE; i += Long.BYTES) {
            if (block.getLong(i) != 0) {
                return new Other();
            }
        }
        return new Empty();
    }
}
