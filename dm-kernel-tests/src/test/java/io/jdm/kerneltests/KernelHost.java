package io.jdm.kerneltests;

import io.jdm.api.DeviceMapper;
import io.jdm.api.InterfaceVersion;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Facts about the kernel host a test runs on, for the few tests that depend on them. */
final class KernelHost {
    private KernelHost() {
    }

    /** Node tests expect jdm, not udev, to make /dev/mapper/NAME. */
    static void assumeNoUdev() {
        assumeFalse(Files.exists(Path.of("/run/udev/control")), "udev runs here and makes the nodes itself");
    }

    /**
     * Tests that touch every device on the host (remove-all) run only in jdm's throwaway VM, never on
     * a developer's machine where they would remove the host's own devices. tools/vm sets this variable.
     */
    static void assumeThrowawayVm() {
        assumeTrue("1".equals(System.getenv("JDM_THROWAWAY_VM")),
                "remove-all would remove this host's own devices; it runs only in jdm's throwaway VM");
    }

    /**
     * Whether DM_LIST_DEVICES reports uuids: 5.10 (interface 4.43) writes only each name's event
     * number, 6.1 (4.47) and 6.12 (4.48) add flags and the uuid. lvm2's header at 4.45 has the flags.
     */
    static boolean listsUuids(DeviceMapper dm) {
        return dm.version().supports(InterfaceVersion.of(4, 45, 0));
    }

    /** The descriptors this process has open ({@code /proc/self/fd}). */
    static int openDescriptors() throws IOException {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return (int) fds.count();
        }
    }

    /** Whether a loop device is attached to {@code file}, as sysfs shows it. */
    static boolean loopAttachedTo(Path file) throws IOException {
        try (DirectoryStream<Path> loops = Files.newDirectoryStream(Path.of("/sys/block"), "loop*")) {
            for (Path loop : loops) {
                Path backing = loop.resolve("loop/backing_file");
                if (Files.exists(backing) && Files.readString(backing).strip().equals(file.toString())) {
                    return true;
                }
            }
        }
        return false;
    }

}
