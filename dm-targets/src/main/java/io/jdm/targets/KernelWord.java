package io.jdm.targets;

import java.util.Locale;
import java.util.Optional;

/**
 * A constant the kernel spells as one word in a table or a status: a feature, a mode, a store type.
 * The kernel compares such words case-insensitively ({@code strcasecmp}), so {@link #lookup} does too.
 */
public interface KernelWord {
    /** The kernel's spelling. */
    String word();

    /** The constant of {@code type} spelled {@code word}, in any case. */
    static <E extends Enum<E> & KernelWord> Optional<E> lookup(Class<E> type, String word) {
        String lower = word.toLowerCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.word().toLowerCase(Locale.ROOT).equals(lower)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
