package io.jdm.targets;

/** {@code snapshot}: a snapshot of {@code origin} whose changes live on {@code cow} (see {@link CopyOnWriteSnapshot} for the arguments). */
public record SnapshotTarget(BlockDev origin, BlockDev cow, SnapshotPersistence persistence, long chunkSectors,
                   boolean discardZeroesCow, boolean discardPassdownOrigin) implements CopyOnWriteSnapshot {
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

    public static SnapshotTarget parse(String params) {
        return SnapshotArgs.parse(TYPE, params, SnapshotTarget::new);
    }
}
