package io.jdm.cli;

/** {@code help}: the usage text, on stdout since it was asked for. */
final class HelpCommand implements Subcommand {
    private final Cli cli;

    HelpCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String synopsis() {
        return "";
    }

    @Override
    public int minArgs() {
        return 0;
    }

    @Override
    public int maxArgs() {
        return 0;
    }

    @Override
    public int run(Invocation inv, CliContext ctx) {
        ctx.out().print(cli.usage());
        return Cli.OK;
    }
}
