package io.jdm.testkit;

import io.jdm.api.DeviceName;
import io.jdm.api.InvalidInputException;
import io.jdm.testkit.fake.FakeKernel;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DmScratchTest {

    @Test
    void prefixIsShortAndRecognisable() {
        for (int i = 0; i < 1000; i++) {
            String prefix = DmScratch.newPrefix();
            assertTrue(prefix.matches("jdmt-[a-z0-9]{6}-"), prefix);
        }
    }

    @Test
    void prefixesDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            assertTrue(seen.add(DmScratch.newPrefix()), "repeated prefix after " + i);
        }
    }

    @Test
    void namesCarryThePrefixAndAreChecked() {
        DmScratch scratch = new DmScratch(null, "jdmt-abc123-", Path.of("/tmp"));
        assertEquals(DeviceName.of("jdmt-abc123-pool"), scratch.name("pool"));
        // 12 bytes of prefix leave 115 for the suffix
        assertEquals(127, scratch.name("x".repeat(115)).value().length());
        assertThrows(InvalidInputException.class, () -> scratch.name("x".repeat(116)));
        assertThrows(InvalidInputException.class, () -> scratch.name("a/b"));
    }

    @Test
    void tempDirIsMadeOnceAndDeletedByCleanUp() throws Exception {
        Path base = java.nio.file.Files.createTempDirectory("dmscratch-test");
        // a kernel without devices: cleanup has none to sweep
        DmScratch scratch = new DmScratch(FakeKernel.create().open(), "jdmt-abc123-", base);
        Path dir = scratch.tempDir();
        assertEquals(dir, scratch.tempDir());
        assertTrue(dir.getFileName().toString().startsWith("jdmt-abc123-"));
        java.nio.file.Files.writeString(dir.resolve("f"), "x");

        DmScratch.Cleanup cleanup = scratch.cleanUp();

        assertTrue(cleanup.problems().isEmpty(), cleanup.problems().toString());
        assertTrue(java.nio.file.Files.notExists(dir));
        java.nio.file.Files.delete(base);
    }
}
