package io.jdm.kerneltests;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperException;
import io.jdm.testkit.ChildJvm;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.ReferenceKernelOnly;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tests run on the class path; users on the module path get the provider through the modules'
 * {@code uses}/{@code provides}, and the native-access message names the module, not ALL-UNNAMED.
 */
@KernelTest
@ReferenceKernelOnly
class ModulePathKernelTest {

    /** Runs in a child JVM with dm-api and dm-ioctl on the module path. */
    public static void main(String[] args) {
        try (DeviceMapper dm = DeviceMapper.open()) {
            System.out.println("module " + dm.getClass().getModule().getName() + " VERSION " + dm.version());
        } catch (DeviceMapperException e) {
            System.out.println(e.getMessage());
        }
    }

    private static String run(String... jvmOptions) throws Exception {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String modules = String.join(File.pathSeparator, entries.stream()
                .filter(e -> e.contains("dm-api") || e.contains("dm-ioctl")).toList());
        String testClasses = entries.stream().filter(e -> e.endsWith("test-classes")).findFirst().orElseThrow();
        List<String> command = new ArrayList<>(List.of(ChildJvm.java()));
        command.addAll(ChildJvm.fastStartOptions());
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("--module-path", modules, "--add-modules", "io.jdm.ioctl", "-cp", testClasses,
                ModulePathKernelTest.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void theProviderIsFoundOnTheModulePath() throws Exception {
        String out = run("--enable-native-access=io.jdm.ioctl");
        assertTrue(out.startsWith("module io.jdm.ioctl VERSION 4."), out);
    }

    @Test
    void withoutNativeAccessTheFlagNamesTheModule() throws Exception {
        String out = run();
        assertTrue(out.contains("start the JVM with --enable-native-access=io.jdm.ioctl"), out);
    }
}
