package io.jdm.thin.monitor;

import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;

import java.util.Optional;

/**
 * One pool for a {@link PoolMonitor} to watch: its policy and where its data and metadata space come
 * from. A space without a grower is only watched (its events are reported, nothing grows).
 */
public record PoolWatch(DeviceRef pool, AutoextendPolicy policy, Optional<PoolGrower> dataGrower,
                        Optional<PoolGrower> metadataGrower) {
    public PoolWatch {
        if (pool == null || policy == null || dataGrower == null || metadataGrower == null) {
            throw new InvalidInputException("pool watch: pool, policy and growers must not be null");
        }
    }

    /** Watch {@code pool} under {@code policy}; add growers with {@link #withDataGrower}/{@link #withMetadataGrower}. */
    public static PoolWatch of(DeviceRef pool, AutoextendPolicy policy) {
        return new PoolWatch(pool, policy, Optional.empty(), Optional.empty());
    }

    public PoolWatch withDataGrower(PoolGrower grower) {
        return new PoolWatch(pool, policy, Optional.of(grower), metadataGrower);
    }

    public PoolWatch withMetadataGrower(PoolGrower grower) {
        return new PoolWatch(pool, policy, dataGrower, Optional.of(grower));
    }

    Optional<PoolGrower> grower(PoolSpace space) {
        return space == PoolSpace.DATA ? dataGrower : metadataGrower;
    }
}
