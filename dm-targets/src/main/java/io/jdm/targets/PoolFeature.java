package io.jdm.targets;

import java.util.Optional;

/** A thin-pool feature argument, by its kernel word. */
public enum PoolFeature implements KernelWord {
    SKIP_BLOCK_ZEROING("skip_block_zeroing"),
    IGNORE_DISCARD("ignore_discard"),
    NO_DISCARD_PASSDOWN("no_discard_passdown"),
    /** Refused by the kernel on a pool's first load (fresh metadata). */
    READ_ONLY("read_only"),
    ERROR_IF_NO_SPACE("error_if_no_space");

    private final String word;

    PoolFeature(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    /** The feature for a kernel word, compared case-insensitively as the kernel does. */
    public static Optional<PoolFeature> fromWord(String word) {
        return KernelWord.lookup(PoolFeature.class, word);
    }

    @Override
    public String toString() {
        return word;
    }
}
