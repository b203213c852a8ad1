package io.jdm.api.internal;

/**
 * How the kernel cuts a table line's params (and a message) into words: {@code dm_split_args} in
 * dm-table.c takes runs of {@code isspace()} as separators, and the kernel's ctype counts as space the
 * bytes 9-13 (tab, newline, vertical tab, form feed, carriage return), 32 and 0xA0 (Latin-1's
 * no-break space). It works on the UTF-8 bytes: any character whose encoding holds the byte 0xA0
 * (U+00A0 itself, but also U+00E0 'à' and one continuation byte value in 64) would be cut in two, so
 * jdm refuses such characters in what it sends ({@link #firstCutCharacter}) and, for the text it
 * accepts, splits exactly where the kernel will.
 *
 * <p>Backslashes need no care here: jdm doubles every backslash of the params it sends, so none of
 * them can escape a separator.
 */
public final class KernelWords {
    private static final String[] NONE = new String[0];

    private KernelWords() {
    }

    /** The kernel's {@code isspace()} of one byte (0..255). */
    public static boolean isSpace(int b) {
        return b == ' ' || (b >= '\t' && b <= '\r') || b == 0xA0;
    }

    /**
     * Whether {@code c} of a String the kernel will receive as UTF-8 separates words. Only ASCII
     * characters can: the encoding of every other character is bytes of 0x80 and up, of which only
     * 0xA0 is space, and {@link #firstCutCharacter} rejects those.
     */
    public static boolean isSeparator(char c) {
        return c < 0x80 && isSpace(c);
    }

    /**
     * The index of the first character of {@code text} whose UTF-8 encoding holds the byte 0xA0, which
     * the kernel would take for a separator in the middle of the character; -1 when there is none.
     */
    public static int firstCutCharacter(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                continue;
            }
            int cp = Character.codePointAt(text, i);
            if (holdsA0(cp)) {
                return i;
            }
            if (Character.isSupplementaryCodePoint(cp)) {
                i++;
            }
        }
        return -1;
    }

    /** Whether a continuation byte ({@code 10xxxxxx}) of {@code cp}'s UTF-8 encoding is 0xA0. */
    private static boolean holdsA0(int cp) {
        if (cp < 0x80 || (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)) {
            return false; // a lone surrogate is sent as '?'
        }
        int continuationBytes = cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
        for (int k = 0; k < continuationBytes; k++) {
            if (((cp >>> (6 * k)) & 0x3f) == 0x20) {
                return true;
            }
        }
        return false;
    }

    /**
     * A message that says why {@code text} cannot go to the kernel as {@code what}, or null when it
     * can. Names the character and its place, never the text (it may hold a key).
     */
    public static String whyNotSendable(String what, String text) {
        int cut = firstCutCharacter(text);
        if (cut < 0) {
            return null;
        }
        int cp = text.codePointAt(cut);
        return what + " holds U+" + String.format("%04X", cp) + " at character " + cut
                + ": its UTF-8 encoding contains the byte 0xA0, which the kernel's word splitter takes for a space";
    }

    /** {@code text} without the separators at either end. */
    public static String strip(String text) {
        int from = 0;
        int to = text.length();
        while (from < to && isSeparator(text.charAt(from))) {
            from++;
        }
        while (to > from && isSeparator(text.charAt(to - 1))) {
            to--;
        }
        return text.substring(from, to);
    }

    /** The words of {@code text}, split as the kernel splits them; leading and trailing space ignored. */
    public static String[] split(String text) {
        int count = count(text);
        if (count == 0) {
            return NONE;
        }
        String[] words = new String[count];
        int w = 0;
        for (int i = 0, n = text.length(); i < n; ) {
            while (i < n && isSeparator(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSeparator(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words[w++] = text.substring(start, i);
            }
        }
        return words;
    }

    /** How many words {@link #split} finds. */
    public static int count(String text) {
        int count = 0;
        for (int i = 0, n = text.length(); i < n; ) {
            while (i < n && isSeparator(text.charAt(i))) {
                i++;
            }
            if (i < n) {
                count++;
            }
            while (i < n && !isSeparator(text.charAt(i))) {
                i++;
            }
        }
        return count;
    }

    /** True when the kernel reads {@code text} as exactly one word (non-empty, no separator, nothing cut). */
    public static boolean isOneWord(String text) {
        if (text.isEmpty() || firstCutCharacter(text) >= 0) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (isSeparator(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The bounds {@code [from, to)} of word {@code index} (0-based) in the {@code length} bytes that
     * {@code byteAt} gives, split as the kernel splits bytes; null when there are fewer words.
     */
    public static int[] wordBounds(ByteSource bytes, int length, int index) {
        int i = 0;
        for (int w = 0; ; w++) {
            while (i < length && isSpace(bytes.at(i))) {
                i++;
            }
            if (i >= length) {
                return null;
            }
            int start = i;
            while (i < length && !isSpace(bytes.at(i))) {
                i++;
            }
            if (w == index) {
                return new int[] {start, i};
            }
        }
    }

    /** Bytes by index (0..255), wherever they are: a String's ASCII, a native reply buffer. */
    @FunctionalInterface
    public interface ByteSource {
        int at(int index);

        /**
         * The bytes the kernel receives for a String that {@link #firstCutCharacter} accepts, as far as
         * splitting goes: a character of 0x80 and up stands for bytes none of which is space.
         */
        static ByteSource of(String text) {
            return i -> {
                char c = text.charAt(i);
                return c < 0x80 ? c : 0x80;
            };
        }
    }
}
