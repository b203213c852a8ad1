package io.jdm.testkit;

import io.jdm.api.DeviceMapper;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * On a kernel that belongs to the test run alone (jdm's throwaway VM sets {@code JDM_THROWAWAY_VM=1}),
 * every device-mapper device and every attached loop device after a test class is a leak, whatever its
 * name: the per-test sweep only sees its own prefix. Devices are removed (so the next class starts
 * clean) and reported; a loop device cannot be taken from whoever holds it, so it is reported once.
 */
final class ExclusiveKernelCheck {
    static final String ENV = "JDM_THROWAWAY_VM";
    private static final Path SYS_BLOCK = Path.of("/sys/block");
    private static final Set<String> REPORTED_LOOPS = ConcurrentHashMap.newKeySet();

    private ExclusiveKernelCheck() {
    }

    static boolean applies() {
        return "1".equals(System.getenv(ENV));
    }

    /** What was left on the kernel, or null if nothing. */
    static String leftovers(DeviceMapper dm) {
        List<String> problems = new ArrayList<>();
        // scratch spaces still open (a test running other tests, as the kit's own tests do) are not leaks
        SweepReport sweep = new LeftoverSweeper(dm).sweep(name -> !DmScratch.isLivePrefixOf(name));
        if (sweep.foundAny()) {
            problems.add("device-mapper devices outside any test's scratch prefix (" + sweep.describe() + ")");
        }
        List<String> loops = attachedLoops().stream().filter(REPORTED_LOOPS::add).toList();
        if (!loops.isEmpty()) {
            problems.add("loop devices attached: " + String.join(", ", loops));
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** "loopN (backing file)" for each attached loop device. */
    static List<String> attachedLoops() {
        List<String> loops = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(SYS_BLOCK, "loop*")) {
            for (Path loop : dir) {
                Path backing = loop.resolve("loop/backing_file");
                if (Files.exists(backing)) {
                    loops.add(loop.getFileName() + " (" + Files.readString(backing).strip() + ")");
                }
            }
        } catch (IOException e) {
            // no sysfs view of loops: nothing we can check
        }
        loops.sort(null);
        return loops;
    }
}
