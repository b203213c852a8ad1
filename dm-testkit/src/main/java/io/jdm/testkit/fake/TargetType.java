package io.jdm.testkit.fake;

import io.jdm.api.TargetVersion;

import java.util.List;

/**
 * A target type the fake knows: its name, version (those of Linux 6.1), the features the kernel's
 * generic table code checks, and its constructor.
 *
 * @param singleton       must be the only target of its table
 * @param alwaysWriteable may not be in a read-only table
 * @param immutable       once live, later tables must keep the type (or use a wildcard type)
 * @param wildcard        may replace an immutable table (error)
 */
record TargetType(String name, int major, int minor, int patch, boolean singleton, boolean alwaysWriteable,
                  boolean immutable, boolean wildcard, Constructor constructor) {

    @FunctionalInterface
    interface Constructor {
        TargetModel construct(Construction c, String[] argv) throws Refusal;
    }

    /** Newest registration first, as the kernel lists them. */
    static final List<TargetType> ALL = List.of(
            new TargetType("thin-pool", 1, 22, 0, true, true, true, false, PoolModel::construct),
            new TargetType("thin", 1, 22, 0, false, false, false, false, ThinModel::construct),
            new TargetType("zero", 1, 1, 0, false, false, false, false, SimpleTargets::zero),
            new TargetType("striped", 1, 6, 0, false, false, false, false, StripedModel::construct),
            new TargetType("linear", 1, 4, 0, false, false, false, false, SimpleTargets::linear),
            new TargetType("error", 1, 5, 0, false, false, false, true, SimpleTargets::error));

    /** The type called {@code name}, or null when the fake does not model it. */
    static TargetType find(String name) {
        for (TargetType t : ALL) {
            if (t.name.equals(name)) {
                return t;
            }
        }
        return null;
    }

    static TargetType of(String name) {
        TargetType t = find(name);
        if (t == null) {
            throw new IllegalStateException("no target type " + name);
        }
        return t;
    }

    TargetVersion version() {
        return new TargetVersion(name, major, minor, patch);
    }
}
