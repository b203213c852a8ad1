package io.jdm.cli;

/** {@code clear DEVICE}: drops the inactive table. */
final class ClearCommand extends BaseCommand {
    ClearCommand() {
        super("clear", "<device>", 0, 1);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        var info = ctx.dm().clear(Devices.single(inv));
        if (inv.has("verbose")) {
            InfoCommand.printLong(ctx, info);
        }
        return Cli.OK;
    }
}
