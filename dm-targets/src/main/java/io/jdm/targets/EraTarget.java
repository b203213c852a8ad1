package io.jdm.targets;

import io.jdm.api.InvalidInputException;

/** {@code era}: {@code <metadata_dev> <origin_dev> <block_size>}, block size a positive multiple of 8 sectors. */
public record EraTarget(BlockDev metadata, BlockDev origin, long blockSize) implements Target {
    public static final String TYPE = "era";
    /** The kernel's {@code MIN_BLOCK_SIZE}: block sizes are multiples of this. */
    public static final int BLOCK_SIZE_MULTIPLE = 8;

    public EraTarget {
        Check.notNull(TYPE, "metadata device", metadata);
        Check.notNull(TYPE, "origin device", origin);
        Check.u32(TYPE, "block size (sectors)", blockSize);
        if (blockSize == 0 || blockSize % BLOCK_SIZE_MULTIPLE != 0) {
            throw new InvalidInputException(TYPE + ": block size (sectors) must be a positive multiple of "
                    + BLOCK_SIZE_MULTIPLE + ", got " + blockSize);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        return metadata.format() + " " + origin.format() + " " + blockSize;
    }

    public static EraTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        BlockDev metadata = a.dev("metadata device");
        BlockDev origin = a.dev("origin device");
        long blockSize = a.u32("block size (sectors)");
        a.end();
        return new EraTarget(metadata, origin, blockSize);
    }
}
