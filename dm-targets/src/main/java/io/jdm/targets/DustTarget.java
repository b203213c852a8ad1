package io.jdm.targets;

import io.jdm.api.InvalidInputException;

/**
 * {@code dust}: {@code <dev> <offset> <block_size_bytes>}; like linear, but reads of blocks on its bad
 * block list fail with EIO once enabled (see {@link io.jdm.targets.message.Dust}). The block size is a
 * power of two from 512 bytes, and at most the line's length (and 1 GiB); {@link #checkLength} checks
 * the first.
 */
public record DustTarget(BlockDev device, long offset, long blockSizeBytes) implements Target {
    public static final String TYPE = "dust";
    public static final long MIN_BLOCK_SIZE = 512;
    /** The kernel's {@code DUST_MAX_BLKSZ_SECTORS} (2097152 sectors) in bytes. */
    public static final long MAX_BLOCK_SIZE = 2_097_152L * 512;

    public DustTarget {
        Check.notNull(TYPE, "device", device);
        Check.nonNegative(TYPE, "offset", offset);
        if (blockSizeBytes < MIN_BLOCK_SIZE || blockSizeBytes > MAX_BLOCK_SIZE || !Check.isPowerOfTwo(blockSizeBytes)) {
            throw new InvalidInputException(TYPE + ": block size must be a power of two from " + MIN_BLOCK_SIZE + " to "
                    + MAX_BLOCK_SIZE + " bytes, got " + blockSizeBytes);
        }
    }

    public static DustTarget of(BlockDev device, long offset, long blockSizeBytes) {
        return new DustTarget(device, offset, blockSizeBytes);
    }

    /** The kernel refuses a block larger than the line ("Block size is too large"). */
    @Override
    public void checkLength(long sectors) {
        if (blockSizeBytes / 512 > sectors) {
            throw new InvalidInputException(TYPE + ": block size " + blockSizeBytes + " bytes is larger than the target ("
                    + sectors + " sectors)");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        return device.format() + " " + offset + " " + blockSizeBytes;
    }

    public static DustTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        BlockDev device = a.dev("device");
        long offset = a.u64("offset");
        long blockSize = a.u32("block size (bytes)");
        a.end();
        return new DustTarget(device, offset, blockSize);
    }
}
