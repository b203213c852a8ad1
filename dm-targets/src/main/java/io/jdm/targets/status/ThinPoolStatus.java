package io.jdm.targets.status;

import io.jdm.targets.ThinPoolTarget;

import io.jdm.targets.KernelWord;

import java.util.OptionalLong;

/**
 * The status of a {@code thin-pool}: {@link Working} with the kernel's counters, or the single words
 * {@code Fail} (the pool failed) and {@code Error} (its metadata could not be read).
 */
public sealed interface ThinPoolStatus {
    String TYPE = ThinPoolTarget.TYPE;

    /** {@code rw}, {@code ro} (read-only or out of metadata space), {@code out_of_data_space}. */
    enum Mode implements KernelWord {
        READ_WRITE("rw"), READ_ONLY("ro"), OUT_OF_DATA_SPACE("out_of_data_space");

        private final String word;

        Mode(String word) {
            this.word = word;
        }

        @Override
        public String word() {
            return word;
        }
    }

    enum Discards implements KernelWord {
        IGNORE("ignore_discard"), PASSDOWN("discard_passdown"), NO_PASSDOWN("no_discard_passdown");

        private final String word;

        Discards(String word) {
            this.word = word;
        }

        @Override
        public String word() {
            return word;
        }
    }

    /** What a write does when the data device is full: wait (queue) or fail. */
    enum NoSpacePolicy implements KernelWord {
        QUEUE("queue_if_no_space"), ERROR("error_if_no_space");

        private final String word;

        NoSpacePolicy(String word) {
            this.word = word;
        }

        @Override
        public String word() {
            return word;
        }
    }

    /**
     * @param usedMetadataBlocks   in 4 KiB metadata blocks, as {@code totalMetadataBlocks}
     * @param usedDataBlocks       in data blocks (of the pool's block size), as {@code totalDataBlocks}
     * @param heldMetadataRoot     the metadata snapshot's root block, if one is reserved
     * @param metadataLowWatermark absent on kernels that do not print it
     */
    record Working(long transactionId, long usedMetadataBlocks, long totalMetadataBlocks, long usedDataBlocks,
                   long totalDataBlocks, OptionalLong heldMetadataRoot, Mode mode, Discards discards,
                   NoSpacePolicy noSpacePolicy, boolean needsCheck, OptionalLong metadataLowWatermark)
            implements ThinPoolStatus {
    }

    record Fail() implements ThinPoolStatus {
    }

    record MetadataError() implements ThinPoolStatus {
    }

    /** Parses the INFO status text; never throws. Words after the known ones (a newer kernel's) are ignored. */
    static StatusResult<ThinPoolStatus> parse(String text) {
        return Words.read(TYPE, text, w -> {
            String single = w.single();
            if ("Fail".equals(single)) {
                return new Fail();
            }
            if ("Error".equals(single)) {
                return new MetadataError();
            }
            long transactionId = w.number("transaction id");
            long[] meta = w.ratio("metadata blocks");
            long[] data = w.ratio("data blocks");
            OptionalLong held = w.numberOrDash("held metadata root");
            Mode mode = Enums.word(Mode.class, "mode", w.next("mode"));
            Discards discards = Enums.word(Discards.class, "discard mode", w.next("discard mode"));
            NoSpacePolicy policy = Enums.word(NoSpacePolicy.class, "no-space policy",
                    w.next("no-space policy"));
            boolean needsCheck = w.wordOrDash("needs_check");
            OptionalLong lowWater = w.hasNext() ? OptionalLong.of(w.number("metadata low watermark")) : OptionalLong.empty();
            return new Working(transactionId, meta[0], meta[1], data[0], data[1], held, mode, discards,
                    policy, needsCheck, lowWater);
        });
    }
}
