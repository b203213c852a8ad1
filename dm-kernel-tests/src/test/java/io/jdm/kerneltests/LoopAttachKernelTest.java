package io.jdm.kerneltests;

import io.jdm.ioctl.internal.FaultPoints;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An attach that fails after the file is bound leaves nothing bound and no descriptor open. */
@KernelTest
class LoopAttachKernelTest {

    private static boolean attachedTo(Path file) throws IOException {
        try (DirectoryStream<Path> loops = Files.newDirectoryStream(Path.of("/sys/block"), "loop*")) {
            for (Path loop : loops) {
                Path backing = loop.resolve("loop/backing_file");
                if (Files.exists(backing) && Files.readString(backing).strip().equals(file.toString())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aFailureAfterBindingUnbindsAndClosesAgain(DmScratch s) throws Exception {
        Path file = LoopControl.createSparseFile(s.tempDir().resolve("leak.img"), 4L << 20).toAbsolutePath();
        long before = openDescriptors();
        FaultPoints.afterLoopBind = () -> {
            if (!attachedTo0(file)) {
                throw new AssertionError("the fault point runs before the file is bound");
            }
            throw new IllegalStateException("injected after LOOP_CONFIGURE");
        };
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> LoopControl.attach(file));
            assertEquals("injected after LOOP_CONFIGURE", e.getMessage());
        } finally {
            FaultPoints.afterLoopBind = () -> { };
        }
        assertFalse(attachedTo(file), "the failed attach left the file bound");
        assertEquals(before, openDescriptors(), "the failed attach left a descriptor open");
        try (LoopDevice loop = LoopControl.attach(file)) { // and the next attach works as ever
            assertTrue(attachedTo(file));
            assertEquals(file, loop.backingFile());
        }
    }

    private static boolean attachedTo0(Path file) {
        try {
            return attachedTo(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
