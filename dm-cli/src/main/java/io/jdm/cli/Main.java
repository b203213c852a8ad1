package io.jdm.cli;

/** Entry point of the {@code jdm} command (see the {@code jdm} launcher at the repository root). */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status = new Cli(System.out, System.err, System.in).run(args);
        System.out.flush();
        System.exit(status);
    }
}
