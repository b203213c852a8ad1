package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code thin-pool}: {@code <metadata_dev> <data_dev> <data_block_size> <low_water_mark> [<#features> <feature>...]}.
 *
 * <p>Data block size is 128..2097152 sectors (64 KiB..1 GiB) and a multiple of 128; the low water mark
 * is in data blocks; at most {@value #MAX_FEATURES} features at once, no duplicates.
 *
 * <p>Features are kept in the kernel's fixed order (the order of {@link PoolFeature}), whatever order
 * they were given in: the kernel reads a pool's table back in that order ({@code emit_flags}), so only
 * this keeps {@code format()} equal to the kernel's text and {@code parse(readback)} equal to the value.
 * The order is never lost (as a hash set would lose it); it is the kernel's.
 */
public record ThinPoolTarget(BlockDev metadata, BlockDev data, long dataBlockSize, long lowWaterMark,
                             List<PoolFeature> features) implements Target {
    public static final String TYPE = "thin-pool";
    public static final long MIN_BLOCK_SIZE = 128;
    public static final long MAX_BLOCK_SIZE = 2_097_152;
    public static final int MAX_FEATURES = 4;

    public ThinPoolTarget {
        Check.notNull(TYPE, "metadata device", metadata);
        Check.notNull(TYPE, "data device", data);
        if (metadata.format().equals(data.format())) {
            throw new InvalidInputException(TYPE + ": metadata and data device must differ, both are " + metadata);
        }
        requireBlockSize(dataBlockSize);
        Check.nonNegative(TYPE, "low water mark (blocks)", lowWaterMark);
        features = Check.noDuplicates(TYPE, "feature", Check.notNull(TYPE, "features", features)).stream()
                .sorted().toList();
        if (features.size() > MAX_FEATURES) {
            throw new InvalidInputException(TYPE + ": at most " + MAX_FEATURES + " features at once, got " + features.size()
                    + " " + features);
        }
    }

    public static ThinPoolTarget of(BlockDev metadata, BlockDev data, long dataBlockSize, long lowWaterMark,
                                    PoolFeature... features) {
        return new ThinPoolTarget(metadata, data, dataBlockSize, lowWaterMark, java.util.Arrays.asList(features));
    }

    public ThinPoolTarget withFeatures(List<PoolFeature> features) {
        return new ThinPoolTarget(metadata, data, dataBlockSize, lowWaterMark, features);
    }

    public ThinPoolTarget withLowWaterMark(long blocks) {
        return new ThinPoolTarget(metadata, data, dataBlockSize, blocks, features);
    }

    public boolean has(PoolFeature feature) {
        return features.contains(feature);
    }

    static void requireBlockSize(long size) {
        if (size < MIN_BLOCK_SIZE || size > MAX_BLOCK_SIZE || size % MIN_BLOCK_SIZE != 0) {
            throw new InvalidInputException(TYPE + ": data block size must be " + MIN_BLOCK_SIZE + ".." + MAX_BLOCK_SIZE
                    + " sectors and a multiple of " + MIN_BLOCK_SIZE + ", got " + size);
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        StringBuilder sb = new StringBuilder().append(metadata.format()).append(' ').append(data.format()).append(' ')
                .append(dataBlockSize).append(' ').append(lowWaterMark).append(' ').append(features.size());
        for (PoolFeature f : features) {
            sb.append(' ').append(f.word());
        }
        return sb.toString();
    }

    /** Parses the params; the kernel's readback ends in a space, which is fine. */
    public static ThinPoolTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        BlockDev metadata = a.dev("metadata device");
        BlockDev data = a.dev("data device");
        long blockSize = a.u64("data block size (sectors)");
        long lowWater = a.u64("low water mark (blocks)");
        List<PoolFeature> features = new ArrayList<>();
        if (a.hasNext()) {
            long count = a.u32("feature count");
            if (count > MAX_FEATURES) {
                throw a.error("feature count must be 0.." + MAX_FEATURES + ", got " + count);
            }
            for (long i = 0; i < count; i++) {
                String word = a.next("feature");
                features.add(PoolFeature.fromWord(word).orElseThrow(() -> a.error("unknown feature '" + word + "'")));
            }
        }
        a.end();
        return new ThinPoolTarget(metadata, data, blockSize, lowWater, features);
    }
}
