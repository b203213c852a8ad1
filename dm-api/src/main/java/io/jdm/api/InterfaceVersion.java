package io.jdm.api;

/** A device-mapper ioctl interface version, e.g. 4.47.0, as returned by {@code DM_VERSION}. */
public record InterfaceVersion(int major, int minor, int patch) implements Comparable<InterfaceVersion> {
    public static InterfaceVersion of(int major, int minor, int patch) {
        return new InterfaceVersion(major, minor, patch);
    }

    /** True when this version has everything {@code required} has: same major, minor at least as high. */
    public boolean supports(InterfaceVersion required) {
        return major == required.major && minor >= required.minor;
    }

    @Override
    public int compareTo(InterfaceVersion o) {
        if (major != o.major) return Integer.compare(major, o.major);
        if (minor != o.minor) return Integer.compare(minor, o.minor);
        return Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
