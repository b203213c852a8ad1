package io.jdm.api;

/** A registered target type and its version ({@code DM_LIST_VERSIONS}, {@code DM_GET_TARGET_VERSION}). */
public record TargetVersion(String name, int major, int minor, int patch) {
    @Override
    public String toString() {
        return name + " v" + major + "." + minor + "." + patch;
    }
}
