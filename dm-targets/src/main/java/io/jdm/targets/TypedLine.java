package io.jdm.targets;

import io.jdm.api.TableLine;

import java.util.Objects;

/** A typed target at its place in a table: {@code length} sectors from {@code start}. */
public record TypedLine(long start, long length, Target target) {
    public TypedLine {
        Objects.requireNonNull(target, "target");
        target.checkLength(length);
    }

    public TableLine toTableLine() {
        return target.line(start, length);
    }

    public long end() {
        return start + length;
    }
}
