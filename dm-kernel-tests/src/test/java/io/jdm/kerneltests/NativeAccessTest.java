package io.jdm.kerneltests;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Not a kernel test: without native access enabled, opening fails before touching any device. */
class NativeAccessTest {

    /** Run in a child JVM without --enable-native-access. */
    public static void main(String[] args) {
        try {
            io.jdm.api.DeviceMapper.open().close();
            System.out.println("OPENED");
        } catch (io.jdm.api.DeviceMapperUnavailableException e) {
            System.out.println(e.getMessage());
        }
    }

    @Test
    void missingFlagIsNamedExactly() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                NativeAccessTest.class.getName())).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("start the JVM with --enable-native-access=ALL-UNNAMED"), out);
    }
}
