package io.jdm.thin;

/**
 * A pool's space, from its status: data in bytes, metadata in bytes, and the transaction id.
 *
 * @param mode the pool's mode word as the kernel prints it ({@code rw}, {@code ro}, {@code out_of_data_space})
 */
public record PoolUsage(long usedDataBytes, long totalDataBytes, long usedMetadataBytes, long totalMetadataBytes,
                        long transactionId, String mode, boolean needsCheck) {
    /** Free data space as a fraction of the total, 0..1. */
    public double freeDataFraction() {
        return totalDataBytes == 0 ? 0 : (double) (totalDataBytes - usedDataBytes) / totalDataBytes;
    }

    /** Free metadata space as a fraction of the total, 0..1. */
    public double freeMetadataFraction() {
        return totalMetadataBytes == 0 ? 0 : (double) (totalMetadataBytes - usedMetadataBytes) / totalMetadataBytes;
    }
}
