package io.jdm.thin.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's thin-provisioning-tools, the oracle of the kernel tests. */
public final class Tools {
    private Tools() {
    }

    /** thin_dump of the device (with {@code -m}: of the metadata snapshot it holds). */
    static String thinDump(Path metadata, boolean snapshot) {
        return snapshot ? run("thin_dump", "-m", metadata.toString()) : run("thin_dump", metadata.toString());
    }

    static String thinLs(Path metadata, boolean snapshot) {
        List<String> cmd = new ArrayList<>(List.of("thin_ls", "--no-headers", "-o", ThinLs.FIELDS));
        if (snapshot) {
            cmd.add("-m");
        }
        cmd.add(metadata.toString());
        return run(cmd.toArray(new String[0]));
    }

    public static String run(String... command) {
        try {
            Path err = Files.createTempFile("jdm-tool", ".err");
            try {
                Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError(String.join(" ", command) + " did not finish");
                }
                if (p.exitValue() != 0) {
                    throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                            + Files.readString(err) + out);
                }
                return out;
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
