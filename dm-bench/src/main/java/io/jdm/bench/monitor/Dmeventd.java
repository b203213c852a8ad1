package io.jdm.bench.monitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@code dmeventd -f} of the benchmark's own, reading the dmeventd peer's lvm.conf through
 * {@code LVM_SYSTEM_DIR} (its thin plugin runs {@code lvextend --use-policies} in-process with it). LVM
 * finds it through its FIFOs in /run, which are system-wide: another dmeventd must not be running.
 */
final class Dmeventd implements AutoCloseable {
    private static final Path PID_FILE = Path.of("/run/dmeventd.pid");
    private static final Path SERVER_FIFO = Path.of("/run/dmeventd-server");

    private final Process process;

    private Dmeventd(Process process) {
        this.process = process;
    }

    static Dmeventd start(Path lvmSystemDir, Path log) throws IOException, InterruptedException {
        if (Files.exists(PID_FILE)) {
            throw new IllegalStateException(PID_FILE + " exists: a dmeventd is running already, with its own lvm.conf;"
                    + " run this benchmark in jdm's VM (dm-bench/run-autoextend-bench.sh)");
        }
        ProcessBuilder pb = new ProcessBuilder("dmeventd", "-f").redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        pb.environment().put("LVM_SYSTEM_DIR", lvmSystemDir.toString());
        pb.environment().put("LC_ALL", "C");
        Dmeventd d = new Dmeventd(pb.start());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(SERVER_FIFO) && Files.exists(PID_FILE))) {
            if (!d.process.isAlive()) {
                throw new IllegalStateException("dmeventd exited with " + d.process.exitValue() + ": " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) {
                d.close();
                throw new IllegalStateException("dmeventd made no " + SERVER_FIFO + " within 30 s");
            }
            Thread.sleep(50);
        }
        return d;
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM (dmeventd exits once it monitors nothing), then SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
