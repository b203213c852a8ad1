package io.jdm.testkit;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The command line of a child JVM a kernel test starts (to kill it at a crash point, to run it without a
 * capability, on the module path): the running JVM's launcher with options that make a short-lived JVM
 * start fast in the emulated VM.
 *
 * <p>Measured there (qemu TCG), a child that opens a device-mapper and a volume set took 13 s with the
 * default JIT and 7.7 s with these options; five started at once reached their crash points in 59 s
 * instead of 87 s. A child runs for seconds, so compiling it costs more than interpreting it.
 */
public final class ChildJvm {
    private static final List<String> FAST_START = List.of(
            "-Xint", // no JIT threads competing for the VM's two CPUs
            "-XX:+UseSerialGC",
            "-XX:-UsePerfData",
            "-Xshare:auto",
            // FFM links a downcall by spinning a class per call shape; the interpreted binding needs none
            "-Djdk.internal.foreign.DowncallLinker.USE_SPEC=false");

    private ChildJvm() {
    }

    /** The launcher of the running JVM. */
    public static String java() {
        return ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no command of this JVM"));
    }

    /** The options for a child JVM that runs for seconds (native access not included). */
    public static List<String> fastStartOptions() {
        return FAST_START;
    }

    /** The entries of this JVM's class path that {@code keep} accepts, joined as a class path. */
    public static String classPath(Predicate<String> keep) {
        return String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(keep)
                .toList());
    }

    /**
     * {@code java}, the fast-start options, native access for the class path, {@code -cp} with the entries {@code keep} accepts (a class path
     * cut to what the child needs: a service lookup over the whole test class path is slow in the VM),
     * {@code main} and {@code args}.
     */
    public static List<String> command(Predicate<String> keep, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(FAST_START);
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", classPath(keep), main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
