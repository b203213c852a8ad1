package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code cache}: {@code <metadata> <cache> <origin> <block_size> <#features> <feature>... <policy> <#policy_args> (<key> <value>)...}.
 * Block size 64..2097152 sectors, a multiple of 64. The kernel echoes the arguments after the devices
 * back as given, so features keep their order.
 */
public record CacheTarget(BlockDev metadata, BlockDev cache, BlockDev origin, long blockSize,
                          List<CacheFeature> features, String policy, List<PolicyArg> policyArgs) implements Target {
    public static final String TYPE = "cache";
    public static final long MIN_BLOCK_SIZE = 64;
    public static final long MAX_BLOCK_SIZE = 2_097_152;
    /** Always registered. */
    public static final String DEFAULT_POLICY = "default";

    /** One {@code <key> <value>} pair for the policy, e.g. {@code migration_threshold 2048}. */
    public record PolicyArg(String key, String value) {
        public PolicyArg {
            Check.word(TYPE, "policy argument key", key);
            Check.word(TYPE, "policy argument value", value);
        }
    }

    public CacheTarget {
        Check.notNull(TYPE, "metadata device", metadata);
        Check.notNull(TYPE, "cache device", cache);
        Check.notNull(TYPE, "origin device", origin);
        if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE || blockSize % MIN_BLOCK_SIZE != 0) {
            throw new InvalidInputException(TYPE + ": block size must be " + MIN_BLOCK_SIZE + ".." + MAX_BLOCK_SIZE
                    + " sectors and a multiple of " + MIN_BLOCK_SIZE + ", got " + blockSize);
        }
        features = Check.noDuplicates(TYPE, "feature", Check.notNull(TYPE, "features", features));
        if (features.stream().filter(CacheFeature::isIoMode).count() > 1) {
            throw new InvalidInputException(TYPE + ": at most one of writeback, writethrough, passthrough, got " + features);
        }
        Check.word(TYPE, "policy", policy);
        policyArgs = Check.elements(TYPE, "policy arguments", policyArgs);
    }

    /** Default policy, no features (writeback), no policy args. */
    public static CacheTarget of(BlockDev metadata, BlockDev cache, BlockDev origin, long blockSize) {
        return new CacheTarget(metadata, cache, origin, blockSize, List.of(), DEFAULT_POLICY, List.of());
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        StringBuilder sb = new StringBuilder().append(metadata.format()).append(' ').append(cache.format()).append(' ')
                .append(origin.format()).append(' ').append(blockSize).append(' ').append(features.size());
        for (CacheFeature f : features) {
            sb.append(' ').append(f.word());
        }
        sb.append(' ').append(policy).append(' ').append(2 * policyArgs.size());
        for (PolicyArg p : policyArgs) {
            sb.append(' ').append(p.key()).append(' ').append(p.value());
        }
        return sb.toString();
    }

    public static CacheTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        BlockDev metadata = a.dev("metadata device");
        BlockDev cache = a.dev("cache device");
        BlockDev origin = a.dev("origin device");
        long blockSize = a.u64("block size (sectors)");
        long featureCount = a.u32("feature count");
        List<CacheFeature> features = new ArrayList<>();
        for (long i = 0; i < featureCount; i++) {
            String word = a.next("feature");
            features.add(CacheFeature.fromWord(word).orElseThrow(() -> a.error("unknown feature '" + word + "'")));
        }
        String policy = a.next("policy");
        long argCount = a.u32("policy argument count");
        if (argCount % 2 != 0) {
            throw a.error("policy argument count must be even (key value pairs), got " + argCount);
        }
        List<PolicyArg> policyArgs = new ArrayList<>();
        for (long i = 0; i < argCount / 2; i++) {
            policyArgs.add(new PolicyArg(a.next("policy argument key"), a.next("policy argument value")));
        }
        a.end();
        return new CacheTarget(metadata, cache, origin, blockSize, features, policy, policyArgs);
    }
}
