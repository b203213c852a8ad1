package io.jdm.targets;

/**
 * {@code snapshot}: {@code <origin> <cow> <P|PO|N> <chunk_sectors> [<#features> discard_zeroes_cow [discard_passdown_origin]]},
 * a snapshot of {@code origin} whose changes live on {@code cow}. Chunk: 0 (take the store's) or a power of two; discard_passdown_origin needs discard_zeroes_cow.
 */
public record SnapshotTarget(BlockDev origin, BlockDev cow, SnapshotPersistence persistence, long chunkSectors,
                             boolean discardZeroesCow, boolean discardPassdownOrigin) implements Target {
    public static final String TYPE = "snapshot";

    public SnapshotTarget {
        SnapshotArgs.validate(TYPE, origin, cow, persistence, chunkSectors, discardZeroesCow, discardPassdownOrigin);
    }

    public static SnapshotTarget of(BlockDev origin, BlockDev cow, SnapshotPersistence persistence, long chunkSectors) {
        return new SnapshotTarget(origin, cow, persistence, chunkSectors, false, false);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        return args().format();
    }

    private SnapshotArgs args() {
        return new SnapshotArgs(origin, cow, persistence, chunkSectors, discardZeroesCow, discardPassdownOrigin);
    }

    public static SnapshotTarget parse(String params) {
        SnapshotArgs a = SnapshotArgs.parse(TYPE, params);
        return new SnapshotTarget(a.origin(), a.cow(), a.persistence(), a.chunkSectors(), a.discardZeroesCow(),
                a.discardPassdownOrigin());
    }
}
