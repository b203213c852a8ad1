package io.jdm.cli;

import java.util.List;

/** A parsed command line: the command word, its other arguments in order, and the options. */
record Invocation(String command, List<String> args, Options options) {
    Invocation {
        args = List.copyOf(args);
    }

    boolean has(String option) {
        return options.has(option);
    }

    /** The same options with other arguments: one run of a command repeated per device. */
    Invocation withArgs(List<String> newArgs) {
        return new Invocation(command, newArgs, options);
    }
}
