package io.jdm.targets.status;

import io.jdm.api.internal.Decimal;
import io.jdm.api.internal.KernelWords;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A cursor over the words of a status text. Every problem is a {@link Bad}, a checked exception, so a
 * parser cannot let one escape as anything but a {@link StatusResult.Failed}.
 */
final class Words {
    private final List<String> words;
    private int pos;

    private Words(List<String> words) {
        this.words = words;
    }

    /** Reads the words of one status text into a value; any problem is a {@link Bad}. */
    @FunctionalInterface
    interface Reader<T> {
        T read(Words words) throws Bad;
    }

    /**
     * The typed value {@code reader} makes of {@code text}, or a failure naming the target type, the text
     * and what was wrong (a missing text included). Never throws.
     */
    static <T> StatusResult<T> read(String type, String text, Reader<T> reader) {
        if (text == null) {
            return StatusResult.failed(type, "", "no status text");
        }
        try {
            return StatusResult.parsed(reader.read(of(text)));
        } catch (Bad e) {
            return StatusResult.failed(type, text, e.getMessage());
        }
    }

    /** Splits as the kernel splits words; the kernel's texts often end in a space. */
    static Words of(String text) {
        return new Words(List.of(KernelWords.split(text)));
    }

    int size() {
        return words.size();
    }

    boolean hasNext() {
        return pos < words.size();
    }

    int remaining() {
        return words.size() - pos;
    }

    /** The only word, when the text is exactly one word (Fail, Error, -, Invalid...). */
    String single() {
        return words.size() == 1 ? words.getFirst() : null;
    }

    String next(String field) throws Bad {
        if (pos >= words.size()) {
            throw new Bad("missing " + field);
        }
        return words.get(pos++);
    }

    long number(String field) throws Bad {
        return number(field, next(field));
    }

    /** {@code used/total}. */
    long[] ratio(String field) throws Bad {
        String word = next(field);
        int slash = word.indexOf('/');
        if (slash < 0) {
            throw new Bad(field + " must be used/total, got '" + word + "'");
        }
        return new long[] {number(field + " (used)", word.substring(0, slash)),
                number(field + " (total)", word.substring(slash + 1))};
    }

    /** A block number, or {@code -} for none. */
    OptionalLong numberOrDash(String field) throws Bad {
        String word = next(field);
        return word.equals("-") ? OptionalLong.empty() : OptionalLong.of(number(field, word));
    }

    /** {@code word} (true) or {@code -} (false), as the kernel prints flags such as {@code needs_check}. */
    boolean wordOrDash(String word) throws Bad {
        String next = next(word);
        if (next.equals(word)) {
            return true;
        }
        if (next.equals("-")) {
            return false;
        }
        throw new Bad(word + " must be '" + word + "' or '-', got '" + next + "'");
    }

    /** {@code <count> <word>...}: the count, then that many words. */
    List<String> counted(String field) throws Bad {
        long count = number(field + " count");
        if (count > remaining()) {
            throw new Bad(field + " count " + count + " but only " + remaining() + " words follow");
        }
        List<String> out = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            out.add(next(field));
        }
        return out;
    }

    static long number(String field, String word) throws Bad {
        long value = Decimal.parse(word);
        if (value < 0) {
            throw notNumber(field, word);
        }
        return value;
    }

    private static Bad notNumber(String field, String word) {
        return new Bad(field + " must be a decimal number, got '" + word + "'");
    }

    /** Why a status text could not be read. */
    static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;

        Bad(String reason) {
            super(reason, null, false, false);
        }
    }
}
