package io.jdm.targets;

/**
 * {@code error}: every I/O fails. Loaded without params. The kernel also accepts (and ignores for I/O)
 * other arguments and never reads any back, so {@link #parse} accepts anything.
 */
public record ErrorTarget() implements Target {
    public static final String TYPE = "error";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String format() {
        return "";
    }

    /** Any params: the kernel's table readback for {@code error} is always empty. */
    public static ErrorTarget parse(String params) {
        return new ErrorTarget();
    }
}
