package io.jdm.api;

/**
 * A block device number, major:minor. The kernel's {@code dev_t} has a 12-bit major and a 20-bit minor;
 * the device-mapper ioctls carry it in the "new" encoding ({@code huge_encode_dev}), which
 * {@link #encode()} and {@link #decode(long)} implement.
 */
public record DeviceNumber(int major, int minor) implements Comparable<DeviceNumber> {
    public static final int MAX_MAJOR = (1 << 12) - 1;
    public static final int MAX_MINOR = (1 << 20) - 1;

    public DeviceNumber {
        if (major < 0 || major > MAX_MAJOR) {
            throw new InvalidInputException("major " + major + " out of range 0.." + MAX_MAJOR);
        }
        if (minor < 0 || minor > MAX_MINOR) {
            throw new InvalidInputException("minor " + minor + " out of range 0.." + MAX_MINOR);
        }
    }

    public static DeviceNumber of(int major, int minor) {
        return new DeviceNumber(major, minor);
    }

    /** Parses {@code "253:4"}, the form the kernel prints in tables. */
    public static DeviceNumber parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new InvalidInputException("not a device number (major:minor): '" + text + "'");
        }
        try {
            return new DeviceNumber(Integer.parseInt(text, 0, colon, 10),
                    Integer.parseInt(text, colon + 1, text.length(), 10));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("not a device number (major:minor): '" + text + "'");
        }
    }

    /** The kernel's {@code new_encode_dev}: minor's low byte, then major, then the rest of minor. */
    public long encode() {
        return (minor & 0xffL) | ((long) major << 8) | ((long) (minor & ~0xff) << 12);
    }

    /**
     * The kernel's {@code new_decode_dev}; also what {@code stat}'s {@code st_rdev} ({@code unix:rdev})
     * holds, as glibc's 64-bit {@code dev_t} lays out every number Linux hands out the same way.
     */
    public static DeviceNumber decode(long encoded) {
        int major = (int) ((encoded & 0xfff00L) >>> 8);
        int minor = (int) ((encoded & 0xffL) | ((encoded >>> 12) & 0xfff00L));
        return new DeviceNumber(major, minor);
    }

    @Override
    public int compareTo(DeviceNumber o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
