package io.jdm.thin;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link VolumeSet#info} and {@link VolumeSet#list} tell about one volume.
 *
 * @param id          the caller's volume id
 * @param thinId      the thin device id in the pool
 * @param parent      the volume it was snapshotted from, if any (it may have been removed since)
 * @param virtualSize in bytes
 * @param state       READY, or DELETE_PENDING while a deferred deletion waits for the last user
 * @param device      the block device while the volume is active
 * @param mappedBytes the pool's data space this volume maps (shared blocks count for every sharer)
 * @param mountPoint  where this set mounted it, if it did
 * @param filesystem  the filesystem recorded for it, if any
 */
public record Volume(VolumeId id, int thinId, Optional<VolumeId> parent, long virtualSize, VolumeRecord.State state,
                     Optional<Path> device, long mappedBytes, Optional<Path> mountPoint,
                     Optional<io.jdm.thin.fs.FilesystemId> filesystem) {
    public boolean active() {
        return device.isPresent();
    }
}
