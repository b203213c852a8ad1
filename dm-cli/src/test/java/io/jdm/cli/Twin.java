package io.jdm.cli;

import io.jdm.api.DeviceMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the same command line through the real dmsetup (without udev) and through jdm in this JVM. */
final class Twin {
    record Result(int status, String out, String err) {
    }

    private final DeviceMapper dm;

    Twin(DeviceMapper dm) {
        this.dm = dm;
    }

    Result jdmIn(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), new SysfsHostView(), () -> dm).run(args);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result jdm(String... args) {
        return jdmIn("", args);
    }

    Result dmsetupIn(String stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("dmsetup"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("DM_DISABLE_UDEV", "1"); // no udev in the VM: libdm makes the nodes, as jdm does
        try {
            Process p = pb.start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            return new Result(p.waitFor(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot run dmsetup (Debian package dmsetup)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Result dmsetup(String... args) {
        return dmsetupIn("", args);
    }

    /** Both tools on the same devices: stdout, stderr and exit status equal. */
    Result same(String... args) {
        Result expected = dmsetup(args);
        Result actual = jdm(args);
        assertEquals(expected, actual, "jdm vs dmsetup: " + String.join(" ", args));
        return actual;
    }
}
