package io.jdm.api.internal;

import io.jdm.api.TableLine;

import java.util.ArrayList;
import java.util.List;

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

    /** Makes the exception for a line of table text that is not {@code start length type [params]}. */
    @FunctionalInterface
    public interface BadLine {
        RuntimeException at(int lineNumber, String line);
    }

    /**
     * Reads dmsetup's table text as dmsetup does: each line trimmed, blank lines and lines starting with
     * {@code #} skipped, {@code start length type} then the params, which end at the first {@code #}
     * (what comes before it is kept as it is). Start and length are ASCII decimals.
     */
    public static List<TableLine> parseLines(String text, BadLine bad) {
        List<TableLine> lines = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = KernelWords.strip(raw);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int[] cursor = {0};
            String start = nextWord(line, cursor);
            String length = nextWord(line, cursor);
            String type = nextWord(line, cursor);
            long startSector = Decimal.parse(start);
            long sectors = Decimal.parse(length);
            if (type.isEmpty() || startSector < 0 || sectors < 0) {
                throw bad.at(lineNo, line);
            }
            skipSeparators(line, cursor);
            String params = line.substring(cursor[0]);
            int comment = params.indexOf('#');
            lines.add(new TableLine(startSector, sectors, type, comment < 0 ? params : params.substring(0, comment)));
        }
        return lines;
    }

    private static String nextWord(String line, int[] cursor) {
        skipSeparators(line, cursor);
        int from = cursor[0];
        while (cursor[0] < line.length() && !KernelWords.isSeparator(line.charAt(cursor[0]))) {
            cursor[0]++;
        }
        return line.substring(from, cursor[0]);
    }

    private static void skipSeparators(String line, int[] cursor) {
        while (cursor[0] < line.length() && KernelWords.isSeparator(line.charAt(cursor[0]))) {
            cursor[0]++;
        }
    }

    /** A line of table text as an error may quote it: a crypt line's key withheld. */
    public static String shown(String line) {
        String[] words = KernelWords.split(line);
        if (words.length < 4 || !words[2].equals(CryptKeyWord.TYPE)) {
            return line;
        }
        int[] cursor = {0};
        nextWord(line, cursor);
        nextWord(line, cursor);
        nextWord(line, cursor);
        skipSeparators(line, cursor);
        return line.substring(0, cursor[0]) + CryptKeyWord.replaced(line.substring(cursor[0]), TableLine.SECRET_WORD);
    }
}
