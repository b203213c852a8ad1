package io.jdm.cli;

/** {@code version}: dmsetup's two lines, with jdm named as the library. */
final class VersionCommand extends BaseCommand {
    VersionCommand() {
        super("version", "", 0, 0);
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
