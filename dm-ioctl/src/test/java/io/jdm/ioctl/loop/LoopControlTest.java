package io.jdm.ioctl.loop;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What attach refuses before it asks the kernel, so these run anywhere. */
class LoopControlTest {

    @Test
    void aMissingBackingFileIsNamed(@TempDir Path dir) {
        Path missing = dir.resolve("nope.img");
        LoopException e = assertThrows(LoopException.class, () -> LoopControl.attach(missing));
        assertEquals("attach on " + missing + ": backing file " + missing + " does not exist", e.getMessage());
        assertEquals("attach", e.operation());
        assertEquals(missing, e.path().orElseThrow());
        assertTrue(e.errno().isEmpty());
    }

    @Test
    void aDirectoryIsNoBackingFile(@TempDir Path dir) {
        LoopException e = assertThrows(LoopException.class, () -> LoopControl.attach(dir));
        assertTrue(e.getMessage().endsWith("is a directory"), e.getMessage());
    }

    @Test
    void sparseFilesHaveTheSizeAskedFor(@TempDir Path dir) throws Exception {
        Path file = LoopControl.createSparseFile(dir.resolve("s.img"), 64L << 20);
        assertEquals(64L << 20, Files.size(file));
        assertEquals(file, LoopControl.createSparseFile(file, 1L << 34)); // a hole costs nothing
        assertEquals(1L << 34, Files.size(file));
    }

    @Test
    void sparseFilesMustHaveAPositiveSize(@TempDir Path dir) {
        assertThrows(LoopException.class, () -> LoopControl.createSparseFile(dir.resolve("z.img"), 0));
    }

    @Test
    void kernelErrorsNameTheErrnoAndTheFixForPermissions() {
        LoopException e = LoopException.kernel("LOOP_CONFIGURE", Path.of("/dev/loop3"), 1, "backing file /x");
        assertEquals("LOOP_CONFIGURE on /dev/loop3 (backing file /x) failed: EPERM (1, Operation not permitted);"
                + " loop devices need root (CAP_SYS_ADMIN)", e.getMessage());
        assertEquals("EPERM", e.errnoName().orElseThrow());
        assertEquals(1, e.errno().orElseThrow());
    }
}
