package io.jdm.thin;

import java.util.function.Consumer;

/**
 * Named points between the durable steps of a volume change, for the crash tests: a child JVM sets
 * {@link #hook} to stop at one of them and is killed there. Does nothing otherwise.
 */
final class Steps {
    static volatile Consumer<String> hook = step -> {
    };

    private Steps() {
    }

    static void reached(String step) {
        hook.accept(step);
    }
}
