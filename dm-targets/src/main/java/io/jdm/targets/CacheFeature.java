package io.jdm.targets;

import java.util.Optional;

/** A cache feature argument. The first three are I/O modes (writeback is the default); at most one of them. */
public enum CacheFeature implements KernelWord {
    WRITEBACK("writeback"), WRITETHROUGH("writethrough"), PASSTHROUGH("passthrough"),
    METADATA2("metadata2"), NO_DISCARD_PASSDOWN("no_discard_passdown");

    private final String word;

    CacheFeature(String word) {
        this.word = word;
    }

    @Override
    public String word() {
        return word;
    }

    public boolean isIoMode() {
        return this == WRITEBACK || this == WRITETHROUGH || this == PASSTHROUGH;
    }

    public static Optional<CacheFeature> fromWord(String word) {
        return KernelWord.lookup(CacheFeature.class, word);
    }

    @Override
    public String toString() {
        return word;
    }
}
