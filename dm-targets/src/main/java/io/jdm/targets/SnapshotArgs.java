package io.jdm.targets;

import io.jdm.api.InvalidInputException;

import java.util.Locale;

/** The checks and the parser {@link CopyOnWriteSnapshot}'s two kinds share. */
final class SnapshotArgs {
    /** The kernel caps the chunk at INT_MAX &gt;&gt; 9 sectors; the largest power of two below is 2^21. */
    static final long MAX_CHUNK = 1L << 21;

    /** A record's canonical constructor. */
    @FunctionalInterface
    interface Factory<T extends CopyOnWriteSnapshot> {
        T make(BlockDev origin, BlockDev cow, SnapshotPersistence persistence, long chunkSectors, boolean discardZeroesCow,
               boolean discardPassdownOrigin);
    }

    private SnapshotArgs() {
    }

    static void validate(String type, BlockDev origin, BlockDev cow, SnapshotPersistence persistence, long chunk,
                         boolean discardZeroesCow, boolean discardPassdownOrigin) {
        Check.notNull(type, "origin device", origin);
        Check.notNull(type, "cow device", cow);
        Check.notNull(type, "persistence", persistence);
        if (origin.format().equals(cow.format())) {
            throw new InvalidInputException(type + ": cow device must differ from the origin, both are " + origin);
        }
        // 0 leaves the chunk size to the store (a persistent one reads it from its header).
        if (chunk != 0 && (!Check.isPowerOfTwo(chunk) || chunk > MAX_CHUNK)) {
            throw new InvalidInputException(type + ": chunk size (sectors) must be 0 or a power of two up to " + MAX_CHUNK
                    + ", got " + chunk);
        }
        if (discardPassdownOrigin && !discardZeroesCow) {
            throw new InvalidInputException(type + ": discard_passdown_origin needs discard_zeroes_cow");
        }
    }

    static <T extends CopyOnWriteSnapshot> T parse(String type, String params, Factory<T> factory) {
        Args a = Args.of(type, params);
        BlockDev origin = a.dev("origin device");
        BlockDev cow = a.dev("cow device");
        String store = a.next("persistence");
        SnapshotPersistence persistence = SnapshotPersistence.fromWord(store)
                .orElseThrow(() -> a.error("persistence must be P, PO or N, got '" + store + "'"));
        long chunk = a.u32("chunk size (sectors)");
        boolean zeroes = false;
        boolean passdown = false;
        if (a.hasNext()) {
            long count = Check.range(type, "feature count", a.u32("feature count"), 0, 2);
            for (long i = 0; i < count; i++) {
                String word = a.next("feature");
                switch (word.toLowerCase(Locale.ROOT)) {
                    case "discard_zeroes_cow" -> zeroes = once(a, zeroes, word);
                    case "discard_passdown_origin" -> passdown = once(a, passdown, word);
                    default -> throw a.error("unknown feature '" + word + "'");
                }
            }
        }
        a.end();
        return factory.make(origin, cow, persistence, chunk, zeroes, passdown);
    }

    private static boolean once(Args a, boolean seen, String word) {
        if (seen) {
            throw a.error("duplicate feature '" + word + "'");
        }
        return true;
    }
}
