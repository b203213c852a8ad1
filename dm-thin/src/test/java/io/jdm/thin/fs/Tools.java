package io.jdm.thin.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The command-line tools the tests compare with. */
final class Tools {
    private Tools() {
    }

    /** {@code blkid -p -o value -s TAG path}: probes the device itself, not blkid's cache. */
    static String blkid(Path device, String tag) throws IOException, InterruptedException {
        return run("/usr/sbin/blkid", "-p", "-o", "value", "-s", tag, device.toString());
    }

    /** The bytes the file really occupies ({@code stat -c %b} blocks of {@code %B} bytes). */
    static long allocatedBytes(Path file) throws IOException, InterruptedException {
        String[] s = run("stat", "-c", "%b %B", file.toString()).split(" ");
        return Long.parseLong(s[0]) * Long.parseLong(s[1]);
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }
}
