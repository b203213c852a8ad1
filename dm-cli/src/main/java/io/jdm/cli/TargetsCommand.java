package io.jdm.cli;

import io.jdm.api.TargetVersion;

/** {@code targets}: every registered target type, as dmsetup prints them ({@code %-16s v%d.%d.%d}). */
final class TargetsCommand extends BaseCommand {
    TargetsCommand() {
        super("targets", "", 0, 0);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        for (TargetVersion t : ctx.dm().targetVersions()) {
            ctx.out().println(line(t));
        }
        return Cli.OK;
    }

    static String line(TargetVersion t) {
        return String.format("%-16s v%d.%d.%d", t.name(), t.major(), t.minor(), t.patch());
    }
}
