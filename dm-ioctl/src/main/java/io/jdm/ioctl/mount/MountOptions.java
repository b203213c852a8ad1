package io.jdm.ioctl.mount;

import io.jdm.api.InvalidInputException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A mount option string split as mount(8) splits it: the common options become {@link MountFlag}s, the
 * others (e.g. {@code discard}, {@code errors=remount-ro}) stay, in order, in the data string the
 * filesystem parses.
 *
 * @param flags the flags to set
 * @param data  what is passed to the filesystem, {@code ""} for nothing
 */
public record MountOptions(Set<MountFlag> flags, String data) {
    /** Options mount(8) or fstab consume themselves: the kernel would refuse them (EINVAL) as data. */
    private static final Set<String> USERSPACE_ONLY = Set.of("auto", "noauto", "user", "nouser", "users",
            "owner", "group", "nofail", "_netdev", "loop");
    /** Options that change what mount(2) does, not how the filesystem is mounted: not options here. */
    private static final Set<String> OPERATIONS = Set.of("remount", "bind", "rbind", "move", "make-private",
            "make-shared", "make-slave", "make-unbindable");

    /** No flags, no data. */
    public static final MountOptions NONE = new MountOptions(Set.of(), "");

    /** Checks the parts; {@code flags} is copied. */
    public MountOptions {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(data, "data");
        flags = flags.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(flags));
        if (data.indexOf('\0') >= 0) {
            throw new InvalidInputException("mount data contains a NUL character: '" + data.replace("\0", "\\0") + "'");
        }
    }

    /** These flags and no data. */
    public static MountOptions of(MountFlag... flags) {
        return new MountOptions(flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags), "");
    }

    /**
     * Parses {@code "ro,noatime,discard"}: left to right, an option sets its flag, its negation
     * ({@code rw}, {@code atime}, ...) clears it, {@code defaults} does nothing, anything else goes to
     * the data. Empty items, fstab-only options ({@code noauto}, {@code nofail}, {@code x-*}, ...) and
     * operations ({@code remount}, {@code bind}, ...) are refused.
     *
     * @throws InvalidInputException naming the option refused
     */
    public static MountOptions parse(String options) {
        Objects.requireNonNull(options, "options");
        if (options.isEmpty()) {
            return NONE;
        }
        EnumSet<MountFlag> flags = EnumSet.noneOf(MountFlag.class);
        List<String> data = new ArrayList<>();
        for (String item : options.split(",", -1)) {
            if (item.isEmpty()) {
                throw new InvalidInputException("mount options '" + options + "' have an empty item");
            }
            String name = item.contains("=") ? item.substring(0, item.indexOf('=')) : item;
            if (USERSPACE_ONLY.contains(name) || name.startsWith("x-") || name.equals("comment")) {
                throw new InvalidInputException("mount option '" + item + "' in '" + options
                        + "' is for mount(8) or fstab, not the kernel");
            }
            if (OPERATIONS.contains(name)) {
                throw new InvalidInputException("mount option '" + item + "' in '" + options
                        + "' is an operation, not an option of a new mount");
            }
            MountFlag set = MountFlag.setBy(item);
            MountFlag cleared = MountFlag.clearedBy(item);
            if (set != null) {
                flags.add(set);
            } else if (cleared != null) {
                flags.remove(cleared);
            } else if (!item.equals("defaults")) {
                data.add(item);
            }
        }
        return new MountOptions(flags, String.join(",", data));
    }

    /** The flags as mount(2)'s {@code mountflags}. */
    public long flagBits() {
        return MountFlag.bits(flags);
    }

    /** With {@code flag} added. */
    public MountOptions with(MountFlag flag) {
        EnumSet<MountFlag> more = flags.isEmpty() ? EnumSet.noneOf(MountFlag.class) : EnumSet.copyOf(flags);
        more.add(flag);
        return new MountOptions(more, data);
    }

    /** The option string again: the flags' options in declaration order, then the data. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (MountFlag f : MountFlag.values()) {
            if (flags.contains(f)) {
                parts.add(f.option());
            }
        }
        if (!data.isEmpty()) {
            parts.add(data);
        }
        return String.join(",", parts);
    }
}
