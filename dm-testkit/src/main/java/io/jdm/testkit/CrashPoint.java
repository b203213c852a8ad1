package io.jdm.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Both sides of a crash test: a child JVM (see {@link ChildJvm}) that stops at a named step of an
 * operation and waits there for its SIGKILL, and the test that starts it, waits until it is there and
 * kills it, to check what the kill left.
 */
public final class CrashPoint {
    /** What the child prints, followed by the step's name, once it is at that step. */
    public static final String MARK = "AT ";

    private CrashPoint() {
    }

    /** In the child: says that {@code step} is reached, then waits there for the SIGKILL, never returning. */
    public static void reachedAndWait(String step) {
        System.out.println(MARK + step);
        System.out.flush();
        while (true) {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                // keep waiting for the SIGKILL
            }
        }
    }

    /** In the test: starts {@code command} (a child JVM that stops at {@code step}) and watches its output. */
    public static Child start(List<String> command, String step) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Child child = new Child(step, process, new CompletableFuture<>(), new StringBuilder());
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                for (String line; (line = out.readLine()) != null; ) {
                    synchronized (child.output) {
                        child.output.append(line).append('\n');
                    }
                    if (line.equals(MARK + step)) {
                        child.reached.complete(null);
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
            child.reached.completeExceptionally(new AssertionError(step + ": the child ended before its crash point:\n"
                    + child.output()));
        });
        return child;
    }

    /** A child JVM on its way to {@code step}. */
    public static final class Child {
        private final String step;
        private final Process process;
        private final CompletableFuture<Void> reached;
        private final StringBuilder output;

        private Child(String step, Process process, CompletableFuture<Void> reached, StringBuilder output) {
            this.step = step;
            this.process = process;
            this.reached = reached;
            this.output = output;
        }

        public String step() {
            return step;
        }

        public Process process() {
            return process;
        }

        /** Completes when the child is at its step; fails (with its output) when it ends before. */
        public CompletableFuture<Void> reached() {
            return reached;
        }

        /**
         * Waits up to {@code patience} for the child to be at its step, then kills it with SIGKILL and waits
         * for it to be gone.
         */
        public void awaitAndKill(Duration patience) throws Exception {
            reached.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            process.destroyForcibly(); // SIGKILL
            if (!process.waitFor(1, TimeUnit.MINUTES)) {
                throw new AssertionError(step + ": the child did not die of its SIGKILL");
            }
        }

        /** Everything the child printed so far. */
        public String output() {
            synchronized (output) {
                return output.toString();
            }
        }
    }
}
