package io.jdm.cli;

/** {@code help}: the usage text, on stdout since it was asked for. */
final class HelpCommand extends BaseCommand {
    private final Cli cli;

    HelpCommand(Cli cli) {
        super("help", "", 0, 0);
        this.cli = cli;
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        ctx.out().print(cli.usage());
        return Cli.OK;
    }
}
