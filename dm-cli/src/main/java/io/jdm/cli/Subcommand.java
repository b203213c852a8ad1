package io.jdm.cli;

/**
 * One {@code jdm} subcommand. The argument count is checked against {@link #minArgs()} and
 * {@link #maxArgs()} before it runs, so a wrong count never reaches the kernel.
 */
interface Subcommand {
    int MANY = Integer.MAX_VALUE;

    String name();

    /** The usage line after the command name, e.g. {@code "[<device>...] [--target <type>]"}. */
    String synopsis();

    int minArgs();

    int maxArgs();

    /** @return the exit status */
    int run(Invocation inv, CliContext ctx) throws Exception;
}
