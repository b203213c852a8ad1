package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code thin-pool}: {@code <metadata_dev> <data_dev> <data_block_size> <low_water_mark> [<#features> <feature>...]}.
 *
 * <p>Data block size is 128..2097152 sectors (64 KiB..1 GiB) and a multiple of 128; the low water mark
 * is in data blocks; at most {@value #MAX_FEATURES} features at once, no duplicates.
 *
 * <p>Features keep the order they were given in, and {@link #format()} sends them so. The kernel treats
 * them as a set and prints them back in its own fixed order (the order of {@link PoolFeature},
 * {@code emit_flags}), so equality compares features as a set: the value parsed from the kernel's
 * read-back equals the value sent whatever the order. {@link #canonical()} gives the kernel's order.
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
        features = List.copyOf(Check.noDuplicates(TYPE, "feature", Check.notNull(TYPE, "features", features)));
        if (features.size() > MAX_FEATURES) {
            throw new InvalidInputException(TYPE + ": at most " + MAX_FEATURES + " features at once, got " + features.size()
                    + " " + features);
        }
    }

    public static ThinPoolTarget of(BlockDev metadata, BlockDev data, long dataBlockSize, long lowWaterMark,
                                    PoolFeature... features) {
        return new ThinPoolTarget(metadata, data, dataBlockSize, lowWaterMark, Arrays.asList(features));
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

    /** This target with its features in the kernel's order: what {@code format()} of the read-back gives. */
    public ThinPoolTarget canonical() {
        return withFeatures(features.stream().sorted().toList());
    }

    /** Equal when everything is, features compared as a set (the kernel ignores their order). */
    @Override
    public boolean equals(Object o) {
        return o instanceof ThinPoolTarget t && metadata.equals(t.metadata) && data.equals(t.data)
                && dataBlockSize == t.dataBlockSize && lowWaterMark == t.lowWaterMark
                && featureSet().equals(t.featureSet());
    }

    @Override
    public int hashCode() {
        return Objects.hash(metadata, data, dataBlockSize, lowWaterMark, featureSet());
    }

    private Set<PoolFeature> featureSet() {
        return features.isEmpty() ? EnumSet.noneOf(PoolFeature.class) : EnumSet.copyOf(features);
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
