package io.jdm.cli;

/** {@code version}: dmsetup's two lines, with jdm named as the library. */
final class VersionCommand implements Subcommand {
    @Override
    public String name() {
        return "version";
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
        // printed before the kernel is asked, as dmsetup does, so it shows even without device-mapper
        ctx.out().println("Library version:   " + LibraryVersion.get() + " (jdm)");
        ctx.out().flush();
        ctx.out().println("Driver version:    " + ctx.dm().version());
        return Cli.OK;
    }
}
