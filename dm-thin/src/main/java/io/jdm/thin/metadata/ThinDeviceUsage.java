package io.jdm.thin.metadata;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What one thin device's mapping tree holds, counted by walking it, and how much of it is shared with
 * the pool's other devices (snapshots share data blocks until one of them writes). thin_ls reports the
 * same numbers as MAPPED_BLOCKS, EXCLUSIVE_BLOCKS and SHARED_BLOCKS.
 *
 * @param thinId             the device id
 * @param mappedBlocks       virtual blocks mapped (= {@code exclusiveBlocks + sharedBlocks})
 * @param exclusiveBlocks    mapped blocks whose data block no other device maps
 * @param sharedBlocks       mapped blocks whose data block another device (or another virtual block) maps too
 * @param highestMappedBlock the highest virtual block mapped, if any is
 */
public record ThinDeviceUsage(long thinId, long mappedBlocks, long exclusiveBlocks, long sharedBlocks,
                              OptionalLong highestMappedBlock) {
    public ThinDeviceUsage {
        Objects.requireNonNull(highestMappedBlock, "highestMappedBlock");
    }
}
