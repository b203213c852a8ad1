package io.jdm.thin.fs;

import io.jdm.testkit.HostTool;

import java.nio.file.Path;

/** The command-line tools the tests compare with. */
final class Tools {
    private Tools() {
    }

    /** {@code blkid -p -o value -s TAG path}: probes the device itself, not blkid's cache. */
    static String blkid(Path device, String tag) {
        return run("/usr/sbin/blkid", "-p", "-o", "value", "-s", tag, device.toString());
    }

    /** The bytes the file really occupies ({@code stat -c %b} blocks of {@code %B} bytes). */
    static long allocatedBytes(Path file) {
        String[] s = run("stat", "-c", "%b %B", file.toString()).split(" ");
        return Long.parseLong(s[0]) * Long.parseLong(s[1]);
    }

    private static String run(String... command) {
        return HostTool.run(command).strip();
    }
}
