package io.jdm.targets;

/** {@code snapshot-merge}: merges the snapshot's changes back into {@code origin}; it replaces the origin's snapshot-origin table (see {@link CopyOnWriteSnapshot} for the arguments). */
public record SnapshotMergeTarget(BlockDev origin, BlockDev cow, SnapshotPersistence persistence, long chunkSectors,
                   boolean discardZeroesCow, boolean discardPassdownOrigin) implements CopyOnWriteSnapshot {
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

    public static SnapshotMergeTarget parse(String params) {
        return SnapshotArgs.parse(TYPE, params, SnapshotMergeTarget::new);
    }
}
