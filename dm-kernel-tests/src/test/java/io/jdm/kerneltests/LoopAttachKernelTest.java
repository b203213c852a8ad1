package io.jdm.kerneltests;

import io.jdm.ioctl.internal.FaultPoints;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.RunningKernel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An attach that fails after the file is bound leaves nothing bound and no descriptor open. */
@KernelTest
class LoopAttachKernelTest {

    @Test
    void aFailureAfterBindingUnbindsAndClosesAgain(DmScratch s) throws Exception {
        Path file = LoopControl.createSparseFile(s.tempDir().resolve("leak.img"), 4L << 20).toAbsolutePath();
        long before = KernelHost.openDescriptors();
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
        assertFalse(KernelHost.loopAttachedTo(file), "the failed attach left the file bound");
        assertEquals(before, KernelHost.openDescriptors(), "the failed attach left a descriptor open");
        try (LoopDevice loop = LoopControl.attach(file)) { // and the next attach works as ever
            assertTrue(KernelHost.loopAttachedTo(file));
            assertEquals(file, loop.backingFile());
        }
    }

    /** 6.12 defers LOOP_CLR_FD's detach to the device's last close (5.10 and 6.1 detach at once). */
    @Test
    void aDetachHasDetachedWhenItReturnsOnEveryKernel(DmScratch s) throws Exception {
        Path file = LoopControl.createSparseFile(s.tempDir().resolve("detach.img"), 4L << 20).toAbsolutePath();
        long before = KernelHost.openDescriptors();
        try (LoopDevice loop = LoopControl.attach(file)) {
            assertTrue(KernelHost.loopAttachedTo(file));
            loop.detach();
            assertFalse(loop.isAttached());
            assertFalse(KernelHost.loopAttachedTo(file), "still attached after detach() on " + RunningKernel.current());
            assertEquals(before, KernelHost.openDescriptors(), "detach() left the loop's descriptor open");
        }
    }

    private static boolean attachedTo0(Path file) {
        try {
            return KernelHost.loopAttachedTo(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
