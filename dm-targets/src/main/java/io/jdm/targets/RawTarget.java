package io.jdm.targets;

import io.jdm.api.TableLine;

import java.util.Objects;

/** A target jdm has no type for (or whose params it could not read): kept as the kernel's text. */
public record RawTarget(String type, String params) implements Target {
    public RawTarget {
        TableLine.checkType(type);
        Objects.requireNonNull(params, "params");
    }

    @Override
    public String format() {
        return params;
    }

    @Override
    public boolean holdsSecret() {
        return CryptTarget.TYPE.equals(type);
    }

    /** Crypt params carry the key, so they never appear here. */
    @Override
    public String toString() {
        return holdsSecret() ? "RawTarget[type=" + type + ", params=<hidden>]" : "RawTarget[type=" + type + ", params=" + params + "]";
    }
}
