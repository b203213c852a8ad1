package io.jdm.thin.metadata;

/**
 * One thin device as the pool's device details tree records it ({@code struct disk_device_details}).
 *
 * @param thinId          the device id ({@code create_thin <id>}), 24 bits
 * @param mappedBlocks    data blocks mapped, as the kernel counts them (the thin status reports the same)
 * @param transactionId   the pool's transaction id when the device was created
 * @param creationTime    the pool's time (snapshot counter) when the device was created
 * @param snapshottedTime the pool's time when the device was last snapshotted, or created
 */
public record ThinDeviceDetails(long thinId, long mappedBlocks, long transactionId, long creationTime,
                                long snapshottedTime) {
}
