package io.jdm.targets;

/** {@code snapshot-origin}: {@code <origin_dev>}; writes to it copy out to its snapshots first. */
public record SnapshotOriginTarget(BlockDev origin) implements Target {
    public static final String TYPE = "snapshot-origin";

    public SnapshotOriginTarget {
        Check.notNull(TYPE, "origin", origin);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        return origin.format();
    }

    public static SnapshotOriginTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        BlockDev origin = a.dev("origin");
        a.end();
        return new SnapshotOriginTarget(origin);
    }
}
