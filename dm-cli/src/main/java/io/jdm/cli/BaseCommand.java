package io.jdm.cli;

/** The name, synopsis and argument counts of a subcommand, so each class is only its behaviour. */
abstract class BaseCommand implements Subcommand {
    private final String name;
    private final String synopsis;
    private final int minArgs;
    private final int maxArgs;

    BaseCommand(String name, String synopsis, int minArgs, int maxArgs) {
        this.name = name;
        this.synopsis = synopsis;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String synopsis() {
        return synopsis;
    }

    @Override
    public final int minArgs() {
        return minArgs;
    }

    @Override
    public final int maxArgs() {
        return maxArgs;
    }
}
