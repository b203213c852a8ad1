package io.jdm.api.internal;

import io.jdm.api.TableLine;

/** The text rules of table params that the encoder and the typed layer share with {@link TableLine}. */
public final class TableText {
    private TableText() {
    }

    /** {@code text} with every backslash doubled, as the kernel's argument splitter needs it. */
    public static String escape(String text) {
        return text.indexOf('\\') < 0 ? text : text.replace("\\", "\\\\");
    }

    /**
     * Where {@link TableLine#SECRET_WORD} starts in {@code params} as a whole word (between kernel
     * separators or the ends), or -1 if it is not there exactly once.
     */
    public static int secretWordAt(String params) {
        String word = TableLine.SECRET_WORD;
        int found = -1;
        for (int at = params.indexOf(word); at >= 0; at = params.indexOf(word, at + 1)) {
            int end = at + word.length();
            boolean whole = (at == 0 || KernelWords.isSeparator(params.charAt(at - 1)))
                    && (end == params.length() || KernelWords.isSeparator(params.charAt(end)));
            if (whole) {
                if (found >= 0) {
                    return -1;
                }
                found = at;
            }
        }
        return found;
    }
}
