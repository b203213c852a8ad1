package io.jdm.cli;

import io.jdm.api.DeviceMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** A command line running in this JVM on a thread of its own (a command that runs until told), with output read as it comes. */
final class RunningCli {
    /** How a run ended. */
    record Result(int status, String out, String err) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CompletableFuture<Integer> status = new CompletableFuture<>();

    RunningCli(HostView host, Supplier<DeviceMapper> opener, String... args) {
        Thread.ofPlatform().daemon().name("jdm " + String.join(" ", args)).start(() -> {
            try {
                status.complete(new Cli(new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8), new ByteArrayInputStream(new byte[0]),
                        host, opener).run(args));
            } catch (Throwable t) {
                status.completeExceptionally(t);
            }
        });
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Waits until stdout holds {@code text}; fails if the command ends first or {@code patience} passes. */
    void awaitOut(String text, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!out().contains(text)) {
            if (System.nanoTime() > deadline || status.isDone()) {
                fail("no '" + text + "' on stdout; out: " + out() + " err: " + err());
            }
            Thread.sleep(10);
        }
    }

    /** Waits for the command to end. */
    Result await(Duration patience) throws Exception {
        int s = status.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        return new Result(s, out(), err());
    }
}
