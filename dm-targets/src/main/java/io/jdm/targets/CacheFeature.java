package io.jdm.targets;

import java.util.Locale;
import java.util.Optional;

/** A cache feature argument. The first three are I/O modes (writeback is the default); at most one of them. */
public enum CacheFeature {
    WRITEBACK("writeback"), WRITETHROUGH("writethrough"), PASSTHROUGH("passthrough"),
    METADATA2("metadata2"), NO_DISCARD_PASSDOWN("no_discard_passdown");

    private final String word;

    CacheFeature(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    public boolean isIoMode() {
        return this == WRITEBACK || this == WRITETHROUGH || this == PASSTHROUGH;
    }

    public static Optional<CacheFeature> fromWord(String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (CacheFeature f : values()) {
            if (f.word.equals(lower)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return word;
    }
}
