package io.jdm.kerneltests;

import io.jdm.api.DeviceMapper;
import io.jdm.api.InterfaceVersion;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.RunningKernel;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The build runs the kernel suites once per kernel series (JDM_VM_KERNEL_SERIES): this proves that
 * the VM booted the series asked for, so each report's results belong to the kernel it names.
 */
@KernelTest
class RunningKernelKernelTest {

    @Test
    void theVmRunsTheRequestedKernelSeries(DeviceMapper dm) throws Exception {
        RunningKernel k = RunningKernel.current();
        // uname -r as the kernel itself reports it, not as the JVM cached it
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(), k.release());
        String expected = RunningKernel.requestedSeries().orElse("6.1");
        if (System.getenv("JDM_THROWAWAY_VM") != null) {
            assertEquals(expected, k.series(), "the VM booted " + k + " for series " + expected);
        }
        // the interface version each series speaks (the README's kernel table)
        Map<String, InterfaceVersion> interfaces = Map.of(
                "5.10", InterfaceVersion.of(4, 43, 0),
                "6.1", InterfaceVersion.of(4, 47, 0),
                "6.12", InterfaceVersion.of(4, 48, 0));
        InterfaceVersion v = dm.version();
        assertEquals(4, v.major(), "device-mapper interface " + v + " on " + k);
        if (interfaces.containsKey(k.series())) {
            assertEquals(interfaces.get(k.series()).minor(), v.minor(), "device-mapper interface on " + k);
        }
    }
}
