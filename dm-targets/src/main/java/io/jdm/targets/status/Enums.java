package io.jdm.targets.status;

import io.jdm.targets.KernelWord;

import java.util.Arrays;

/** Looks a status word up among an enum's kernel words, as a parse failure when it is none of them. */
final class Enums {
    private Enums() {
    }

    static <E extends Enum<E> & KernelWord> E word(Class<E> type, String field, String word) throws Words.Bad {
        var found = KernelWord.lookup(type, word);
        if (found.isEmpty()) {
            throw new Words.Bad(field + " must be one of " + Arrays.stream(type.getEnumConstants()).map(KernelWord::word).toList()
                    + ", got '" + word + "'");
        }
        return found.get();
    }
}
