package io.jdm.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program of the host (in the VM: of the guest) that a test compares with or checks by:
 * {@code thin_check}, {@code thin_dump}, {@code blkid}, {@code stat}. It gets a minute; standard output
 * and standard error are kept apart, so output a test parses holds no warnings.
 */
public final class HostTool {
    /** How a run ended: the exit status, what it wrote to standard output and to standard error. */
    public record Result(int exit, String stdout, String stderr) {
        /** Standard output then standard error, for a failure message. */
        public String output() {
            return stdout + stderr;
        }
    }

    private HostTool() {
    }

    /** Runs {@code command} and returns how it ended, whatever its exit status. */
    public static Result result(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            String out = read(p.getInputStream());
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within a minute");
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + String.join(" ", command), e);
        }
    }

    /**
     * Runs {@code command} and returns its standard output.
     *
     * @throws AssertionError when it exits with a status other than 0, naming the command, the status
     *                        and both outputs
     */
    public static String run(String... command) {
        Result r = result(command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + r.exit() + ": " + r.output());
        }
        return r.stdout();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
