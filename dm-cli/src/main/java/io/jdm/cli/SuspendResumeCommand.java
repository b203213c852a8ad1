package io.jdm.cli;

import io.jdm.api.SuspendOptions;

/** {@code suspend} and {@code resume [--noflush] [--nolockfs] DEVICE...}. */
final class SuspendResumeCommand extends BaseCommand {
    private final boolean suspend;

    private SuspendResumeCommand(String name, boolean suspend) {
        super(name, "[--noflush] [--nolockfs] <device>...", 0, MANY);
        this.suspend = suspend;
    }

    static SuspendResumeCommand suspend() {
        return new SuspendResumeCommand("suspend", true);
    }

    static SuspendResumeCommand resume() {
        return new SuspendResumeCommand("resume", false);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        SuspendOptions options = SuspendOptions.defaults().withNoFlush(inv.has("noflush"))
                .withSkipLockfs(inv.has("nolockfs"));
        Devices.each(inv, ref -> {
            var info = suspend ? ctx.dm().suspend(ref, options) : ctx.dm().resume(ref, options);
            if (inv.has("verbose")) {
                InfoCommand.printLong(ctx, info);
            }
        });
        return Cli.OK;
    }
}
