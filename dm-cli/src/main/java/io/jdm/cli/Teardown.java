package io.jdm.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Undo steps, run newest first exactly once: by the demo when it ends, or by the shutdown hook on
 * Ctrl-C. Synchronized, so a hook arriving mid-run waits for the step in progress. A failing step does
 * not stop the ones after it; every failure is reported.
 */
final class Teardown {
    /** One undo step: a description for the log and the action. */
    interface Step {
        void run() throws Exception;
    }

    private record Named(String what, Step step) {
    }

    private final Deque<Named> steps = new ArrayDeque<>();
    private boolean done;

    synchronized void push(String what, Step step) {
        if (done) {
            throw new IllegalStateException("teardown already ran; cannot add '" + what + "'");
        }
        steps.push(new Named(what, step));
    }

    /** Forgets every step (for --keep): what was made stays. */
    synchronized List<String> abandon() {
        List<String> left = new ArrayList<>(steps.stream().map(Named::what).toList());
        steps.clear();
        done = true;
        return left;
    }

    /** Runs the steps newest first; returns the failures, each as "what: why". */
    synchronized List<String> run(java.util.function.Consumer<String> log) {
        List<String> failures = new ArrayList<>();
        done = true;
        while (!steps.isEmpty()) {
            Named n = steps.pop();
            try {
                n.step().run();
                log.accept(n.what());
            } catch (Exception e) {
                failures.add(n.what() + ": " + e.getMessage());
            }
        }
        return failures;
    }
}
