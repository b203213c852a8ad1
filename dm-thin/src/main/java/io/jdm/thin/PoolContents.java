package io.jdm.thin;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.thin.metadata.PoolMetadata;
import io.jdm.thin.metadata.ThinDeviceDetails;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a pool's own metadata holds, read through a metadata snapshot: its transaction id and every
 * thin id with the data blocks it maps. The truth the records are checked against.
 */
record PoolContents(long transactionId, SortedMap<Long, Long> mappedBlocksByThinId) {
    PoolContents {
        mappedBlocksByThinId = Collections.unmodifiableSortedMap(new TreeMap<>(mappedBlocksByThinId));
    }

    boolean holds(long thinId) {
        return mappedBlocksByThinId.containsKey(thinId);
    }

    /** How the set learns what the pool holds; the pool's metadata on a real kernel, a model in unit tests. */
    @FunctionalInterface
    interface Reader {
        PoolContents read();

        /** Reads the live pool's metadata in pure Java (reserve_metadata_snap, the snapshot's device details tree). */
        static Reader ofMetadata(DeviceMapper dm, DeviceRef pool) {
            return () -> {
                PoolMetadata m = PoolMetadata.read(dm, pool);
                TreeMap<Long, Long> thins = new TreeMap<>();
                for (ThinDeviceDetails d : m.devices()) {
                    thins.put(d.thinId(), d.mappedBlocks());
                }
                return new PoolContents(m.transactionId(), thins);
            };
        }
    }
}
