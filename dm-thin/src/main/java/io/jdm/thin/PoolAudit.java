package io.jdm.thin;

import java.util.List;
import java.util.SortedMap;

/**
 * The records compared with what the pool's own metadata holds.
 *
 * @param poolTransactionId     the pool's transaction id
 * @param recordedTransactionId the one the state directory last committed
 * @param orphanThinIds         thin ids the pool holds that no record names, with their mapped data blocks
 *                              (a process that lost its state, another tool, or a volume created outside the set)
 * @param lostVolumes           volumes recorded whose thin id the pool does not hold (their data is gone)
 */
public record PoolAudit(long poolTransactionId, long recordedTransactionId, SortedMap<Long, Long> orphanThinIds,
                        List<VolumeId> lostVolumes) {
    public PoolAudit {
        orphanThinIds = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(orphanThinIds));
        lostVolumes = List.copyOf(lostVolumes);
    }

    /** True when records and pool agree. */
    public boolean clean() {
        return poolTransactionId == recordedTransactionId && orphanThinIds.isEmpty() && lostVolumes.isEmpty();
    }
}
