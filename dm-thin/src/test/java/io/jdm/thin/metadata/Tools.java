package io.jdm.thin.metadata;

import io.jdm.testkit.HostTool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        return HostTool.run(command);
    }
}
