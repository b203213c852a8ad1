package io.jdm.bench.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the C peers with the system gcc where the benchmark runs (so they match its libc and
 * libdevmapper). The sources travel in this jar, under {@code io/jdm/bench/kernel/c/}.
 */
public final class CCompiler {
    private static final String RESOURCES = "c/";
    private static final List<String> SOURCES = List.of("bench_common.h", "bench_workloads.h", "dm_raw_bench.c", "dm_libdm_bench.c");

    /** The two programs. */
    public record Binaries(Path raw, Path libdevmapper) {
    }

    private CCompiler() {
    }

    public static Binaries build(Path directory) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        for (String source : SOURCES) {
            try (InputStream in = CCompiler.class.getResourceAsStream(RESOURCES + source)) {
                if (in == null) {
                    throw new IllegalStateException("C source " + source + " is missing from the class path");
                }
                Files.copy(in, directory.resolve(source), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Path raw = directory.resolve("dm_raw_bench");
        Path libdm = directory.resolve("dm_libdm_bench");
        gcc(directory, List.of("-o", raw.toString(), "dm_raw_bench.c", "-pthread"));
        gcc(directory, List.of("-o", libdm.toString(), "dm_libdm_bench.c", "-pthread", "-ldevmapper"));
        return new Binaries(raw, libdm);
    }

    private static void gcc(Path directory, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-Werror"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("gcc failed (" + String.join(" ", command) + "):\n" + output
                    + "\n(the C peers need gcc and libdevmapper-dev: tools/vm/prepare.sh installs them)");
        }
    }
}
