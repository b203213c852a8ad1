package io.jdm.kerneltests;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperException;
import io.jdm.testkit.ChildJvm;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.ReferenceKernelOnly;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process without CAP_SYS_ADMIN can open the control node (root's file permissions allow it) but
 * the kernel refuses every ioctl with EACCES: jdm must say what is missing, not just "EACCES".
 */
@KernelTest
@ReferenceKernelOnly
class WithoutCapSysAdminKernelTest {

    /** Runs in a child JVM whose capability bounding set lacks CAP_SYS_ADMIN. */
    public static void main(String[] args) {
        try (DeviceMapper dm = DeviceMapper.open()) {
            System.out.println("VERSION " + dm.version());
        } catch (DeviceMapperException e) {
            System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @Test
    void theRefusalNamesTheMissingCapability() throws Exception {
        List<String> command = new ArrayList<>(List.of("setpriv", "--bounding-set=-sys_admin", "--inh-caps=-sys_admin"));
        command.addAll(ChildJvm.command(e -> e.contains("dm-api") || e.contains("dm-ioctl") || e.endsWith("test-classes"),
                WithoutCapSysAdminKernelTest.class));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("EACCES"), out);
        assertTrue(out.contains("CAP_SYS_ADMIN"), out);
        assertTrue(out.startsWith("PermissionDeniedException") || out.startsWith("DeviceMapperUnavailableException"), out);
    }
}
