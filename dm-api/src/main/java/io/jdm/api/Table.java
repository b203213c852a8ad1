package io.jdm.api;

import io.jdm.api.internal.TableText;

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
     * Parses dmsetup's table text as dmsetup reads it: one {@code "start length type [params]"} per line;
     * blank lines and lines starting with '#' are skipped, and params end at a '#'.
     */
    public static Table parse(String text) {
        return new Table(TableText.parseLines(text, (lineNo, line) -> new InvalidInputException(
                "table line " + lineNo + " needs 'start length type [params]' with decimal start and length: '"
                        + TableText.shown(line) + "'")));
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
