package io.jdm.thin.metadata;

/** Receives a thin device's mappings in virtual block order, one call per mapped block (no objects made). */
@FunctionalInterface
public interface MappingVisitor {
    /**
     * @param virtualBlock the block of the thin device (in data blocks of the pool's block size)
     * @param dataBlock    the pool data block it maps to
     * @param time         the pool's time (24 bits) when the mapping was made: snapshots taken later share it
     */
    void mapping(long virtualBlock, long dataBlock, int time);
}
