package io.jdm.targets;

/** {@code zero}: no params; reads return zeros, writes are dropped. */
public record ZeroTarget() implements Target {
    public static final String TYPE = "zero";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        return "";
    }

    public static ZeroTarget parse(String params) {
        Args.of(TYPE, params).end();
        return new ZeroTarget();
    }
}
