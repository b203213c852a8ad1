package io.jdm.targets;

/**
 * {@code snapshot-merge}: {@code <origin> <cow> <P|PO|N> <chunk_sectors> [<#features> discard_zeroes_cow [discard_passdown_origin]]},
 * merges the snapshot's changes back into {@code origin}; it replaces the origin's snapshot-origin table. Chunk: 0 (take the store's) or a power of two; discard_passdown_origin needs discard_zeroes_cow.
 */
public record SnapshotMergeTarget(BlockDev origin, BlockDev cow, SnapshotPersistence persistence, long chunkSectors,
                             boolean discardZeroesCow, boolean discardPassdownOrigin) implements Target {
    public static final String TYPE = "snapshot-merge";

    public SnapshotMergeTarget {
        SnapshotArgs.validate(TYPE, origin, cow, persistence, chunkSectors, discardZeroesCow, discardPassdownOrigin);
    }

    public static SnapshotMergeTarget of(BlockDev origin, BlockDev cow, SnapshotPersistence persistence, long chunkSectors) {
        return new SnapshotMergeTarget(origin, cow, persistence, chunkSectors, false, false);
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

    public static SnapshotMergeTarget parse(String params) {
        SnapshotArgs a = SnapshotArgs.parse(TYPE, params);
        return new SnapshotMergeTarget(a.origin(), a.cow(), a.persistence(), a.chunkSectors(), a.discardZeroesCow(),
                a.discardPassdownOrigin());
    }
}
