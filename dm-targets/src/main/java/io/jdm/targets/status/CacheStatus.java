package io.jdm.targets.status;

import io.jdm.targets.CacheTarget;

import java.util.List;

/** The status of a {@code cache} target: {@link Working} with every field, or {@code Fail} / {@code Error}. */
public sealed interface CacheStatus {
    String TYPE = CacheTarget.TYPE;

    /**
     * Every field of the kernel's text, in its order.
     *
     * @param metadataBlockSize in sectors
     * @param cacheBlockSize    in sectors
     * @param features          the feature words as printed (e.g. {@code writeback}, {@code metadata2})
     * @param coreArgs          the core arguments as printed, words in order (e.g. {@code migration_threshold 2048})
     * @param policyArgs        the policy's arguments as printed, words in order
     * @param readOnly          {@code ro} rather than {@code rw}
     */
    record Working(long metadataBlockSize, long usedMetadataBlocks, long totalMetadataBlocks, long cacheBlockSize,
                   long usedCacheBlocks, long totalCacheBlocks, long readHits, long readMisses, long writeHits,
                   long writeMisses, long demotions, long promotions, long dirty, List<String> features,
                   List<String> coreArgs, String policy, List<String> policyArgs, boolean readOnly,
                   boolean needsCheck) implements CacheStatus {
        public Working {
            features = List.copyOf(features);
            coreArgs = List.copyOf(coreArgs);
            policyArgs = List.copyOf(policyArgs);
        }
    }

    record Fail() implements CacheStatus {
    }

    record MetadataError() implements CacheStatus {
    }

    static StatusResult<CacheStatus> parse(String text) {
        return Words.read(TYPE, text, w -> {
            String single = w.single();
            if ("Fail".equals(single)) {
                return new Fail();
            }
            if ("Error".equals(single)) {
                return new MetadataError();
            }
            long metaBlock = w.number("metadata block size");
            long[] meta = w.ratio("metadata blocks");
            long cacheBlock = w.number("cache block size");
            long[] cache = w.ratio("cache blocks");
            long readHits = w.number("read hits");
            long readMisses = w.number("read misses");
            long writeHits = w.number("write hits");
            long writeMisses = w.number("write misses");
            long demotions = w.number("demotions");
            long promotions = w.number("promotions");
            long dirty = w.number("dirty blocks");
            List<String> features = w.counted("feature");
            List<String> coreArgs = w.counted("core argument");
            String policy = w.next("policy name");
            List<String> policyArgs = w.counted("policy argument");
            String mode = w.next("mode");
            boolean readOnly = switch (mode) {
                case "rw" -> false;
                case "ro" -> true;
                default -> throw new Words.Bad("mode must be rw or ro, got '" + mode + "'");
            };
            boolean needsCheck = w.wordOrDash("needs_check");
            return new Working(metaBlock, meta[0], meta[1], cacheBlock, cache[0], cache[1], readHits,
                    readMisses, writeHits, writeMisses, demotions, promotions, dirty, features, coreArgs, policy,
                    policyArgs, readOnly, needsCheck);
        });
    }
}
