package io.jdm.cli;

import java.util.List;
import java.util.Optional;

/**
 * One command-line option jdm understands. Like dmsetup's, options are global: any may come anywhere on
 * the line, and a command ignores those it has no use for.
 *
 * @param longName   without the leading dashes
 * @param shortName  the one-letter form, or 0
 * @param takesValue whether it is followed by a value ({@code -o name,uuid} or {@code --target=thin})
 */
record OptionSpec(String longName, char shortName, boolean takesValue) {
    static final List<OptionSpec> ALL = List.of(
            flag("columns", 'c'), flag("noheadings"), flag("tree"), flag("showkeys"), flag("readonly", 'r'),
            flag("notable", 'n'), flag("nolockfs"), flag("noflush"), flag("force", 'f'), flag("retry"),
            flag("deferred"), flag("setuuid"), flag("inactive"), flag("verbose", 'v'), flag("json"),
            flag("help", 'h'), flag("version"), flag("keep"), flag("yes", 'y'), flag("concise"), flag("wipe"),
            // accepted for dmsetup compatibility; jdm never waits for udev and always reads open counts
            flag("noudevsync"), flag("noudevrules"), flag("verifyudev"), flag("noopencount"), flag("checks"),
            value("options", 'o'), value("target"), value("table"), value("uuid", 'u'), value("separator"),
            value("major", 'j'), value("minor", 'm'),
            // jdm volume: the thin pool and the state directory of its volume records
            value("pool"), value("state"),
            // jdm thin monitor: the autoextend policy, how often to check, and when to exit
            value("threshold"), value("percent"), value("metadata-threshold"), value("metadata-percent"),
            value("max-size"), value("period"), flag("no-events"), value("exit-after-extend"));

    private static OptionSpec flag(String name) {
        return new OptionSpec(name, (char) 0, false);
    }

    private static OptionSpec flag(String name, char letter) {
        return new OptionSpec(name, letter, false);
    }

    private static OptionSpec value(String name) {
        return new OptionSpec(name, (char) 0, true);
    }

    private static OptionSpec value(String name, char letter) {
        return new OptionSpec(name, letter, true);
    }

    static Optional<OptionSpec> byShort(char c) {
        // dmsetup takes -C as well as -c for --columns
        char letter = c == 'C' ? 'c' : c;
        return ALL.stream().filter(o -> o.shortName == letter).findFirst();
    }

    /** Exact name, else a unique prefix, as getopt_long allows ({@code --nohead}). */
    static List<OptionSpec> byLong(String name) {
        List<OptionSpec> exact = ALL.stream().filter(o -> o.longName.equals(name)).toList();
        return exact.isEmpty() ? ALL.stream().filter(o -> o.longName.startsWith(name)).toList() : exact;
    }
}
