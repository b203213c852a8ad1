package io.jdm.thin.internal;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the few external programs dm-thin uses ({@code mkfs.*}, {@code lvextend}): no prompt
 * (stdin is /dev/null), messages in the C locale, output kept (capped), killed at a timeout. The caller
 * turns the {@link Outcome} into its own typed error.
 */
public final class ExternalProgram {
    private static final int MAX_OUTPUT = 16 * 1024;

    private ExternalProgram() {
    }

    /** How a run ended. */
    public sealed interface Outcome {
        String output();

        /** Ran to the end; {@code exitCode} 0 is success. */
        record Exited(int exitCode, String output) implements Outcome {
        }

        /** Could not be started (not installed, not executable). */
        record NotStarted(IOException cause) implements Outcome {
            @Override
            public String output() {
                return "";
            }
        }

        /** Killed: it ran past the timeout, or the waiting thread was interrupted (its flag is set again). */
        record Killed(boolean interrupted, String output) implements Outcome {
        }
    }

    public static Outcome run(List<String> command, Duration timeout) {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))); // never a prompt
        pb.environment().put("LC_ALL", "C"); // messages as documented, whatever the caller's locale
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Outcome.NotStarted(e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> drain(p.getInputStream(), out));
        try {
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            reader.join(Duration.ofSeconds(10));
            return done ? new Outcome.Exited(p.exitValue(), output(out)) : new Outcome.Killed(false, output(out));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome.Killed(true, output(out));
        }
    }

    /** The command as one line, for messages. */
    public static String describe(List<String> command) {
        return String.join(" ", command);
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                synchronized (out) {
                    if (out.size() < MAX_OUTPUT) {
                        out.write(buf, 0, Math.min(n, MAX_OUTPUT - out.size()));
                    }
                }
            }
        } catch (IOException e) {
            // the process went away (killed on timeout): what was read is kept
        }
    }

    private static String output(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
