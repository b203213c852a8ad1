package io.jdm.api;

import io.jdm.api.internal.CryptKeyWord;
import io.jdm.api.internal.KernelWords;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An immutable device-mapper table. The kernel's rules are checked here, so a table that exists is one
 * the kernel's generic checks accept: it starts at sector 0 and each target starts where the previous
 * one ended. A table read back from a device without one is {@link #empty()}; an empty table cannot
 * be loaded.
 */
public record Table(List<TableLine> lines) {
    private static final Table EMPTY = new Table(List.of());

    public Table {
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        long expected = 0;
        for (TableLine line : lines) {
            if (line.start() != expected) {
                throw new InvalidInputException(expected == 0 && line == lines.getFirst()
                        ? "a table must start at sector 0, the first target starts at " + line.start()
                        : (line.start() > expected ? "gap" : "overlap") + " in table: target '" + line.type()
                        + "' starts at " + line.start() + " but the previous one ends at " + expected);
            }
            expected = line.end();
        }
    }

    public static Table empty() {
        return EMPTY;
    }

    public static Table of(TableLine... lines) {
        return new Table(List.of(lines));
    }

    /** A one-target table covering {@code length} sectors. */
    public static Table of(long length, String type, String params) {
        return new Table(List.of(new TableLine(0, length, type, params)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses dmsetup's table text: one {@code "start length type [params]"} per line; blank lines and
     * lines starting with '#' are skipped.
     */
    public static Table parse(String text) {
        List<TableLine> lines = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = KernelWords.strip(raw);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] head = KernelWords.split(line);
            if (head.length < 3) {
                throw new InvalidInputException("table line " + lineNo + " needs 'start length type [params]': '" + shown(line) + "'");
            }
            long start = number(head[0], lineNo, line);
            long length = number(head[1], lineNo, line);
            lines.add(new TableLine(start, length, head[2], paramsAfterThirdWord(line)));
        }
        return new Table(lines);
    }

    private static long number(String word, int lineNo, String line) {
        try {
            return Long.parseLong(word);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("table line " + lineNo + ": start and length must be numbers: '" + shown(line) + "'");
        }
    }

    /** The text after the third word and the separators that follow it, as the kernel will receive it. */
    private static String paramsAfterThirdWord(String line) {
        int i = 0;
        for (int word = 0; word < 3; word++) {
            while (i < line.length() && KernelWords.isSeparator(line.charAt(i))) {
                i++;
            }
            while (i < line.length() && !KernelWords.isSeparator(line.charAt(i))) {
                i++;
            }
        }
        while (i < line.length() && KernelWords.isSeparator(line.charAt(i))) {
            i++;
        }
        return line.substring(i);
    }

    /** A line as an error may quote it: a crypt line's key withheld. */
    private static String shown(String line) {
        String[] words = KernelWords.split(line);
        return words.length >= 3 && words[2].equals(CryptKeyWord.TYPE)
                ? words[0] + " " + words[1] + " " + words[2] + " " + CryptKeyWord.replaced(paramsAfterThirdWord(line), TableLine.SECRET_WORD)
                : line;
    }

    public boolean isEmpty() {
        return lines.isEmpty();
    }

    /** True when any line holds key material: such a table is loaded with {@code DM_SECURE_DATA_FLAG}. */
    public boolean holdsKeyMaterial() {
        for (TableLine line : lines) {
            if (line.holdsKeyMaterial()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Wipes the {@link TableLine#secret() secrets} of every line (and of every value sharing them): call
     * it when done with a table that carried keys, e.g. one read back from a crypt device.
     */
    public void destroySecrets() {
        for (TableLine line : lines) {
            if (line.secret() != null) {
                line.secret().destroy();
            }
        }
    }

    /** Total size in 512-byte sectors. */
    public long sectors() {
        return lines.isEmpty() ? 0 : lines.getLast().end();
    }

    /** dmsetup's table text, one line per target, each ending in a newline. */
    @Override
    public String toString() {
        return lines.stream().map(l -> l + "\n").collect(Collectors.joining());
    }

    /** Appends targets one after another, computing each start. */
    public static final class Builder {
        private final List<TableLine> lines = new ArrayList<>();
        private long next;

        public Builder add(long length, String type, String params) {
            TableLine line = new TableLine(next, length, type, params);
            lines.add(line);
            next = line.end();
            return this;
        }

        public Table build() {
            return new Table(lines);
        }
    }
}
