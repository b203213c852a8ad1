package io.jdm.targets;

import io.jdm.api.LoadOptions;
import io.jdm.api.Table;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of typed targets. {@link #table()} gives the {@link Table} to load and {@link #loadOptions()}
 * the options it needs: {@code DM_SECURE_DATA_FLAG} whenever a target holds a secret (crypt keys).
 */
public record TargetTable(List<TypedLine> lines) {

    public TargetTable {
        lines = List.copyOf(lines);
        // builds the api Table once, so its rules (start at 0, no gap or overlap) are checked here
        toTable(lines);
    }

    private static Table toTable(List<TypedLine> lines) {
        return new Table(lines.stream().map(TypedLine::toTableLine).toList());
    }

    /** The typed lines of an api table, leniently (unknown types stay raw). */
    public static TargetTable of(Table table) {
        return new TargetTable(Targets.of(table));
    }

    public Table table() {
        return toTable(lines);
    }

    public boolean holdsSecret() {
        return lines.stream().anyMatch(l -> l.target().holdsSecret());
    }

    /** Default load options, with secure data when any target holds a secret. */
    public LoadOptions loadOptions() {
        return LoadOptions.defaults().withSecureData(holdsSecret());
    }

    public long sectors() {
        return lines.isEmpty() ? 0 : lines.getLast().end();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Appends targets one after another (each starts where the previous ended), e.g. linear segments
     * concatenated over several devices, or striped sets.
     */
    public static final class Builder {
        private final List<TypedLine> lines = new ArrayList<>();
        private long next;

        public Builder add(long length, Target target) {
            TypedLine line = new TypedLine(next, length, target);
            line.toTableLine();
            lines.add(line);
            next = line.end();
            return this;
        }

        /** A linear segment of {@code length} sectors of {@code device} from {@code offset}. */
        public Builder linear(long length, BlockDev device, long offset) {
            return add(length, LinearTarget.of(device, offset));
        }

        /** A striped set over {@code devices}, each from {@code offset}, {@code length} sectors in all. */
        public Builder striped(long length, long chunkSectors, List<BlockDev> devices, long offset) {
            return add(length, new StripedTarget(chunkSectors,
                    devices.stream().map(d -> new StripedTarget.Stripe(d, offset)).toList()));
        }

        public TargetTable build() {
            return new TargetTable(lines);
        }
    }
}
