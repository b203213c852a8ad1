package io.jdm.testkit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * tools/vm/run.sh, the throwaway VM the kernel tests run in, seen from the host: the guest's exit
 * status, stdout, stderr and stdin pass through unchanged (Surefire talks to the forked JVM over them),
 * a failure inside is a failure outside, and a hung guest is killed at the time limit. Each case boots
 * the VM once (about 10 s).
 */
class VmRunnerTest {
    private static Path runSh;

    @BeforeAll
    static void findRunner() {
        assumeFalse(Boolean.getBoolean("jdm.skipKernelTests"), "the VM is left out with -Djdm.skipKernelTests=true");
        runSh = Path.of(System.getProperty("jdm.root", "..")).resolve("tools/vm/run.sh").toAbsolutePath();
        assertTrue(Files.isExecutable(runSh), runSh + " is missing");
    }

    private record Result(int status, byte[] stdout, byte[] stderr) {
    }

    private static Result run(byte[] stdin, Map<String, String> env, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(runSh.toString(), "--"));
        argv.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        }
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("run.sh itself did not end within 300 s");
        }
        return new Result(p.exitValue(), out.get(), err.get());
    }

    private static byte[] readAll(java.io.InputStream s) {
        try (s) {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void statusAndEveryByteOfStdioComeBack() throws Exception {
        byte[] binary = new byte[256 * 3];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7);
        }
        // the guest copies stdin to stdout, writes to stderr, reports device-mapper and fails with 3
        Result r = run(binary, Map.of(),
                "sh", "-c", "cat; printf 'to stderr\\n' >&2; test -e /dev/mapper/control && exit 3; exit 4");
        assertEquals(3, r.status(), () -> "status; stderr: " + new String(r.stderr()));
        assertArrayEquals(binary, r.stdout());
        assertTrue(new String(r.stderr()).contains("to stderr"), new String(r.stderr()));
    }

    @Test
    void aHungGuestIsKilledAtTheTimeLimit() throws Exception {
        Result r = run(new byte[0], Map.of("JDM_VM_TIMEOUT", "15"), "sleep", "600");
        assertEquals(124, r.status(), () -> new String(r.stderr()));
        assertTrue(new String(r.stderr()).contains("timed out after 15s"), new String(r.stderr()));
    }
}
