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
        if (text == null) {
            return StatusResult.failed(TYPE, "", "no status text");
        }
        Words w = Words.of(text);
        String single = w.single();
        if (single != null) {
            switch (single) {
                case "Fail" -> {
                    return StatusResult.parsed(new Fail());
                }
                case "Error" -> {
                    return StatusResult.parsed(new MetadataError());
                }
                case "-" -> {
                    return StatusResult.parsed(new NoDevice());
                }
                default -> {
                }
            }
        }
        try {
            long mapped = w.number("mapped sectors");
            OptionalLong highest = w.numberOrDash("highest mapped sector");
            return StatusResult.parsed(new Mapped(mapped, highest));
        } catch (Words.Bad e) {
            return StatusResult.failed(TYPE, text, e.getMessage());
        }
    }
}
