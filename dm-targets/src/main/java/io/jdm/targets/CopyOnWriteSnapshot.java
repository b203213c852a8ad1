package io.jdm.targets;

/**
 * What {@code snapshot} and {@code snapshot-merge} share, since the kernel builds both with the same
 * constructor: {@code <origin> <cow> <P|PO|N> <chunk_sectors> [<#features> discard_zeroes_cow
 * [discard_passdown_origin]]}. Chunk: 0 (take the store's) or a power of two; discard_passdown_origin
 * needs discard_zeroes_cow; the cow device must differ from the origin.
 */
public sealed interface CopyOnWriteSnapshot extends Target permits SnapshotTarget, SnapshotMergeTarget {
    BlockDev origin();

    BlockDev cow();

    SnapshotPersistence persistence();

    long chunkSectors();

    boolean discardZeroesCow();

    boolean discardPassdownOrigin();

    @Override
    default String format() {
        String base = origin().format() + " " + cow().format() + " " + persistence().word() + " " + chunkSectors();
        if (!discardZeroesCow()) {
            return base;
        }
        return base + (discardPassdownOrigin() ? " 2 discard_zeroes_cow discard_passdown_origin" : " 1 discard_zeroes_cow");
    }
}
