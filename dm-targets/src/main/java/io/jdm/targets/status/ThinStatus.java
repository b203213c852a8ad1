package io.jdm.targets.status;

import io.jdm.targets.ThinTarget;

import java.util.OptionalLong;

/**
 * The status of a {@code thin} device: {@link Mapped}, or the single words {@code Fail} (its pool
 * failed), {@code Error} (metadata error) and {@code -} (no device handle, e.g. while the pool is busy).
 */
public sealed interface ThinStatus {
    String TYPE = ThinTarget.TYPE;

    /**
     * @param mappedSectors         sectors backed by data blocks (mapped blocks times the block size)
     * @param highestMappedSector   the last sector of the highest mapped block; absent when nothing is mapped
     */
    record Mapped(long mappedSectors, OptionalLong highestMappedSector) implements ThinStatus {
    }

    record Fail() implements ThinStatus {
    }

    record MetadataError() implements ThinStatus {
    }

    record NoDevice() implements ThinStatus {
    }

    static StatusResult<ThinStatus> parse(String text) {
        return Words.read(TYPE, text, w -> {
            String single = w.single();
            if (single != null) {
                switch (single) {
                    case "Fail" -> {
                        return new Fail();
                    }
                    case "Error" -> {
                        return new MetadataError();
                    }
                    case "-" -> {
                        return new NoDevice();
                    }
                    default -> {
                    }
                }
            }
            long mapped = w.number("mapped sectors");
            OptionalLong highest = w.numberOrDash("highest mapped sector");
            return new Mapped(mapped, highest);
        });
    }
}
