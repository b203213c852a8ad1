package io.jdm.cli;

import io.jdm.api.KernelException;
import io.jdm.api.TargetVersion;

/** {@code target-version TYPE...}: one line per type, loading its module if needed. */
final class TargetVersionCommand extends BaseCommand {
    TargetVersionCommand() {
        super("target-version", "[<target>...]", 1, MANY);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        for (String type : inv.args()) {
            TargetVersion v;
            try {
                v = ctx.dm().targetVersion(type);
            } catch (KernelException e) {
                // libdm sends the type in the name field, so its message names the type
                throw new CommandFailedException(Failures.ioctl("target-version", type, "", null, e.errno()));
            }
            ctx.out().println(TargetsCommand.line(v));
        }
        return Cli.OK;
    }
}
