package io.jdm.ioctl.mount;

/**
 * The mount(2) flags that mount(8) takes from an option string (its common, filesystem-independent
 * options); the rest of the string goes to the filesystem as its data.
 */
public enum MountFlag {
    /** {@code MS_RDONLY}: option {@code ro} ({@code rw} clears it). */
    RDONLY(1L, "ro", "rw"),
    /** {@code MS_NOSUID}: option {@code nosuid} ({@code suid} clears it). */
    NOSUID(2L, "nosuid", "suid"),
    /** {@code MS_NODEV}: option {@code nodev} ({@code dev} clears it). */
    NODEV(4L, "nodev", "dev"),
    /** {@code MS_NOEXEC}: option {@code noexec} ({@code exec} clears it). */
    NOEXEC(8L, "noexec", "exec"),
    /** {@code MS_SYNCHRONOUS}: option {@code sync} ({@code async} clears it). */
    SYNCHRONOUS(16L, "sync", "async"),
    /** {@code MS_DIRSYNC}: option {@code dirsync}. */
    DIRSYNC(128L, "dirsync", null),
    /** {@code MS_NOATIME}: option {@code noatime} ({@code atime} clears it). */
    NOATIME(1024L, "noatime", "atime"),
    /** {@code MS_NODIRATIME}: option {@code nodiratime} ({@code diratime} clears it). */
    NODIRATIME(2048L, "nodiratime", "diratime"),
    /** {@code MS_RELATIME}: option {@code relatime} ({@code norelatime} clears it). */
    RELATIME(1L << 21, "relatime", "norelatime"),
    /** {@code MS_STRICTATIME}: option {@code strictatime} ({@code nostrictatime} clears it). */
    STRICTATIME(1L << 24, "strictatime", "nostrictatime"),
    /** {@code MS_LAZYTIME}: option {@code lazytime} ({@code nolazytime} clears it). */
    LAZYTIME(1L << 25, "lazytime", "nolazytime");

    private final long bit;
    private final String option;
    private final String negation;

    MountFlag(long bit, String option, String negation) {
        this.bit = bit;
        this.option = option;
        this.negation = negation;
    }

    /** The flag's bit in mount(2)'s {@code mountflags}. */
    public long bit() {
        return bit;
    }

    /** The option that sets it, e.g. {@code "ro"}. */
    public String option() {
        return option;
    }

    /** The bits of {@code flags} OR-ed together. */
    public static long bits(Iterable<MountFlag> flags) {
        long bits = 0;
        for (MountFlag f : flags) {
            bits |= f.bit;
        }
        return bits;
    }

    static MountFlag setBy(String option) {
        for (MountFlag f : values()) {
            if (f.option.equals(option)) {
                return f;
            }
        }
        return null;
    }

    static MountFlag clearedBy(String option) {
        for (MountFlag f : values()) {
            if (option.equals(f.negation)) {
                return f;
            }
        }
        return null;
    }
}
