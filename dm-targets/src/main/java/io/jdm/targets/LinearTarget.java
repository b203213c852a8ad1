package io.jdm.targets;

/** {@code linear}: {@code <dev> <offset>}; maps the line onto {@code device} from sector {@code offset}. */
public record LinearTarget(BlockDev device, long offset) implements Target {
    public static final String TYPE = "linear";

    public LinearTarget {
        Check.notNull(TYPE, "device", device);
        Check.nonNegative(TYPE, "offset", offset);
    }

    public static LinearTarget of(BlockDev device, long offset) {
        return new LinearTarget(device, offset);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        return device.format() + " " + offset;
    }

    public static LinearTarget parse(String params) {
        Args a = Args.of(TYPE, params);
        BlockDev device = a.dev("device");
        long offset = a.u64("offset");
        a.end();
        return new LinearTarget(device, offset);
    }
}
