package io.jdm.bench.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The C peers compile from the jar's resources with -Wall -Werror, and refuse bad command lines. */
class CCompilerTest {
    @Test
    void bothPeersCompileAndRejectAnUnknownOp(@TempDir Path dir) throws Exception {
        CCompiler.Binaries b = CCompiler.build(dir);
        for (Path binary : new Path[]{b.raw(), b.libdevmapper()}) {
            assertTrue(Files.isExecutable(binary), binary.toString());
            Process p = new ProcessBuilder(binary.toString(), "frobnicate", "0", "1", "1", "1")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(2, p.waitFor(), out);
            assertTrue(out.startsWith("error: "), out);
        }
    }

    @Test
    void aMissingArgumentIsRefusedBeforeAnyIoctl(@TempDir Path dir) throws Exception {
        CCompiler.Binaries b = CCompiler.build(dir);
        Process p = new ProcessBuilder(b.raw().toString(), "version", "0", "0", "1", "1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), out);
        assertTrue(out.contains("bad counts"), out);
    }
}
