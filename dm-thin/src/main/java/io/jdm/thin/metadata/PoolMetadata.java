package io.jdm.thin.metadata;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One consistent state of a pool's metadata: the superblock whose trees were read, and the thin devices
 * its device details tree holds, in id order. Cheap to read (the details tree is small); for mappings
 * and shared/exclusive usage use a {@link MetadataReader}.
 *
 * @param superblock     for a live pool the metadata snapshot's copy of the superblock (its space map
 *                       roots are zeros, see {@code dataBlockCount})
 * @param dataBlockCount the pool's data blocks: the data space map's size, or the live pool's status
 * @param devices        ordered by thin id
 */
public record PoolMetadata(ThinSuperblock superblock, long dataBlockCount, List<ThinDeviceDetails> devices) {

    public PoolMetadata {
        Objects.requireNonNull(superblock, "superblock");
        devices = List.copyOf(devices);
    }

    /**
     * The metadata of a pool that is not loaded (no live table uses the device), from block 0.
     *
     * @throws ThinMetadataException {@link ThinMetadataException.Kind#DEVICE_IN_USE} if a device (a live
     *                               pool) holds {@code metadataDevice}; any other kind if it cannot be read
     */
    public static PoolMetadata read(Path metadataDevice) {
        try (MetadataReader reader = MetadataReader.open(metadataDevice)) {
            return reader.metadata();
        }
    }

    /**
     * The metadata of the live pool {@code pool}, whose metadata device is {@code metadataDevice}, read
     * through a metadata snapshot taken and released for this call (see {@link MetadataReader#openSnapshot}).
     */
    public static PoolMetadata read(DeviceMapper dm, DeviceRef pool, Path metadataDevice) {
        try (MetadataReader reader = MetadataReader.openSnapshot(dm, pool, metadataDevice)) {
            return reader.metadata();
        }
    }

    /** {@link #read(DeviceMapper, DeviceRef, Path)} of the metadata device the pool's table names. */
    public static PoolMetadata read(DeviceMapper dm, DeviceRef pool) {
        try (MetadataReader reader = MetadataReader.openSnapshot(dm, pool)) {
            return reader.metadata();
        }
    }

    /** The pool's transaction id in this state (what {@code set_transaction_id} last set). */
    public long transactionId() {
        return superblock.transactionId();
    }

    public Optional<ThinDeviceDetails> device(long thinId) {
        return devices.stream().filter(d -> d.thinId() == thinId).findFirst();
    }
}
