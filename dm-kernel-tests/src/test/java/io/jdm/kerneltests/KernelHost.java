package io.jdm.kerneltests;

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
}
