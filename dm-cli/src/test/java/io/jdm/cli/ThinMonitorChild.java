package io.jdm.cli;

/**
 * {@code jdm thin monitor tp} in a JVM of its own on {@link FakeThinPool}, exactly as {@link Main} runs a
 * command, so that a test can send it a signal.
 */
final class ThinMonitorChild {
    private ThinMonitorChild() {
    }

    public static void main(String[] args) {
        FakeThinPool fake = FakeThinPool.create();
        int status = new Cli(System.out, System.err, System.in, new FakeHost(new FakeDm(), false), fake::dm)
                .run("thin", "monitor", "tp");
        System.out.flush();
        System.exit(status);
    }
}
