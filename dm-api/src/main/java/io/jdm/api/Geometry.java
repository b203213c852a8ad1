package io.jdm.api;

/**
 * A legacy disk geometry for {@code DM_DEV_SET_GEOMETRY}; the kernel bounds each field and forgets the
 * geometry whenever the device changes size.
 */
public record Geometry(int cylinders, int heads, int sectors, long start) {
    public Geometry {
        check("cylinders", cylinders, 65535);
        check("heads", heads, 255);
        check("sectors per track", sectors, 255);
        if (start < 0) {
            throw new InvalidInputException("geometry start must not be negative: " + start);
        }
    }

    private static void check(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new InvalidInputException("geometry " + what + " must be 0.." + max + ", got " + value);
        }
    }

    /** The text the kernel parses: {@code "cylinders heads sectors start"}. */
    public String format() {
        return cylinders + " " + heads + " " + sectors + " " + start;
    }
}
