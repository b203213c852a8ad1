package io.jdm.targets.status;

import io.jdm.targets.EraTarget;

import java.util.OptionalLong;

/** The status of an {@code era} target: {@link Working}, or {@code Error}. */
public sealed interface EraStatus {
    String TYPE = EraTarget.TYPE;

    /**
     * @param metadataBlockSize in sectors (8: 4 KiB metadata blocks)
     * @param heldMetadataRoot  the metadata snapshot's root, if one is taken
     */
    record Working(long metadataBlockSize, long usedMetadataBlocks, long totalMetadataBlocks, long currentEra,
                   OptionalLong heldMetadataRoot) implements EraStatus {
    }

    record MetadataError() implements EraStatus {
    }

    static StatusResult<EraStatus> parse(String text) {
        return Words.read(TYPE, text, w -> {
            if ("Error".equals(w.single())) {
                return new MetadataError();
            }
            long blockSize = w.number("metadata block size");
            long[] meta = w.ratio("metadata blocks");
            long era = w.number("current era");
            OptionalLong held = w.numberOrDash("held metadata root");
            return new Working(blockSize, meta[0], meta[1], era, held);
        });
    }
}
