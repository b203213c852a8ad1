package io.jdm.targets.status;

import java.util.Arrays;
import java.util.function.Function;

/** Looks an enum constant up by its kernel word. */
final class Enums {
    private Enums() {
    }

    static <E extends Enum<E>> E word(Class<E> type, Function<E, String> wordOf, String field, String word) throws Words.Bad {
        for (E e : type.getEnumConstants()) {
            if (wordOf.apply(e).equals(word)) {
                return e;
            }
        }
        throw new Words.Bad(field + " must be one of " + Arrays.stream(type.getEnumConstants()).map(wordOf).toList()
                + ", got '" + word + "'");
    }
}
