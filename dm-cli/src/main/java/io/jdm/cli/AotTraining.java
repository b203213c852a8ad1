package io.jdm.cli;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The training run of the ahead-of-time cache ./jdm starts with (tools/cli-aot-cache.sh): the commands
 * whose start matters most, in one JVM, so the cache holds the classes of each. Their output is thrown
 * away and their failures do not matter (on a host without device-mapper, {@code version} fails after
 * loading what opening the control device loads). The JVM loads a cache whole at start: each command
 * trained here makes every other one start a little slower.
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        for (String[] command : new String[][] {{"help"}, {"version"}}) {
            new Cli(nowhere, nowhere, new ByteArrayInputStream(new byte[0])).run(command);
        }
    }
}
