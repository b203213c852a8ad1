package io.jdm.bench.kernel;

import java.util.Map;

/** The one place that decides the environment of the benchmark's child processes. */
final class Subprocesses {
    private Subprocesses() {
    }

    /**
     * No udev runs where the benchmark runs (the VM has none): tell libdevmapper not to wait for it
     * and to make the /dev/mapper nodes itself, as dmsetup's --noudevsync alone would not.
     */
    static void withoutUdev(Map<String, String> environment) {
        environment.put("DM_DISABLE_UDEV", "1");
        environment.put("LC_ALL", "C");
    }
}
