package io.jdm.thin.monitor;

import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.targets.status.ThinPoolStatus.NoSpacePolicy;

import java.util.Optional;

/**
 * One pool for a {@link PoolMonitor} to watch: its policy and where its data and metadata space come
 * from. A space without a grower is only watched (its events are reported, nothing grows).
 */
public record PoolWatch(DeviceRef pool, AutoextendPolicy policy, Optional<PoolGrower> dataGrower,
                        Optional<PoolGrower> metadataGrower, Optional<NoSpacePolicy> noSpacePolicy) {
    public PoolWatch {
        if (pool == null || policy == null || dataGrower == null || metadataGrower == null || noSpacePolicy == null) {
            throw new InvalidInputException("pool watch: pool, policy, growers and no-space policy must not be null");
        }
    }

    /** Watch {@code pool} under {@code policy}; add growers with {@link #withDataGrower}/{@link #withMetadataGrower}. */
    public static PoolWatch of(DeviceRef pool, AutoextendPolicy policy) {
        return new PoolWatch(pool, policy, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public PoolWatch withDataGrower(PoolGrower grower) {
        return new PoolWatch(pool, policy, Optional.of(grower), metadataGrower, noSpacePolicy);
    }

    public PoolWatch withMetadataGrower(PoolGrower grower) {
        return new PoolWatch(pool, policy, dataGrower, Optional.of(grower), noSpacePolicy);
    }

    /**
     * What writes do when the data space is full, set on the pool when the watch starts (a reload with or
     * without {@code error_if_no_space}, as {@code lvchange --errorwhenfull} does): {@code QUEUE} holds them
     * until an extend makes room (the kernel fails them after its {@code no_space_timeout}, 60 s by
     * default), {@code ERROR} fails them at once. Without it the pool keeps its own setting.
     */
    public PoolWatch withNoSpacePolicy(NoSpacePolicy policy) {
        return new PoolWatch(pool, this.policy, dataGrower, metadataGrower, Optional.of(policy));
    }

    Optional<PoolGrower> grower(PoolSpace space) {
        return space == PoolSpace.DATA ? dataGrower : metadataGrower;
    }
}
