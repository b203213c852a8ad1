package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.ReferenceKernelOnly;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jdm demo} as a user runs it: the command line, a real kernel, and nothing left afterwards. */
@KernelTest
@ReferenceKernelOnly
class DemoKernelTest {
    @Test
    void demoProvesCopyOnWriteGrowsThePoolAndLeavesNothingBehind(DeviceMapper dm) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        // the command opens its own device-mapper, exactly as ./jdm demo does
        int status = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0])).run("demo");
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text + err.toString(StandardCharsets.UTF_8));
        assertTrue(text.contains("= pattern B (the new data)"), text);
        assertTrue(text.contains("= pattern A (the snapshot kept the old blocks)"), text);
        // 448 of 512 blocks written (87.5%): one step of 20%, 512 + 102 = 614 blocks of 64 KiB
        assertTrue(Pattern.compile("\n      pool jdm-demo-pool: data extended 32\\.0 MiB -> 38\\.4 MiB \\(took \\d+(\\.\\d)? m?s\\)\n")
                .matcher(text).find(), text);
        assertTrue(text.contains("    jdm-demo-pool: 0 " + 614 * 128 + " thin-pool "), "the table shown is the grown one: " + text);
        assertTrue(text.contains("demo passed: copy-on-write proven, and the pool grew by itself."), text);
        assertEquals("", err.toString(StandardCharsets.UTF_8));

        assertTrue(dm.list().stream().noneMatch(d -> d.name().value().startsWith(DemoCommand.PREFIX)),
                "demo devices left: " + dm.list());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("jdm-pool-monitor") && t.isAlive()),
                "the demo's pool monitor was closed");
        Matcher m = Pattern.compile("sparse files in (\\S+):").matcher(text);
        assertTrue(m.find(), text);
        Path dir = Path.of(m.group(1));
        assertFalse(Files.exists(dir), dir + " still exists");
        for (String backing : loopBackingFiles()) {
            assertFalse(backing.startsWith(dir.toString()), "a loop device still uses " + backing);
        }
    }

    private static List<String> loopBackingFiles() throws IOException {
        try (Stream<Path> loops = Files.list(Path.of("/sys/block"))) {
            return loops.map(p -> p.resolve("loop/backing_file")).filter(Files::exists).map(p -> {
                try {
                    return Files.readString(p).strip();
                } catch (IOException e) {
                    return "";
                }
            }).toList();
        }
    }
}
