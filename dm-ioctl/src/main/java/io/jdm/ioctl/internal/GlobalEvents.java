package io.jdm.ioctl.internal;

import io.jdm.api.Command;
import io.jdm.api.KernelException;

import java.time.Duration;

/**
 * {@code DM_DEV_ARM_POLL} and the wait that goes with it: poll(2) on the control descriptor reports
 * readable once device-mapper's global event counter has moved past the armed value. The wait polls
 * in short slices so that a Java interrupt, or the descriptor's close, ends it; a blocked native call
 * could not be interrupted.
 */
public final class GlobalEvents {
    private static final int SLICE_MILLIS = 100;

    private GlobalEvents() {
    }

    public static void arm(ControlDevice control) {
        control.call(Request.of(CommandSpec.DEV_ARM_POLL, null, buffer -> null));
    }

    public static boolean await(ControlDevice control, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        control.enter();
        try {
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for a device-mapper event");
                }
                if (control.isClosed()) { // closed by its owner (or the DeviceMapper it came from) meanwhile
                    throw control.closedException();
                }
                long left = deadline - System.nanoTime();
                int slice = (int) Math.max(0, Math.min(SLICE_MILLIS, (left + 999_999) / 1_000_000));
                int r = control.syscalls().poll(control.fd(), LibC.POLLIN, slice);
                if (r > 0) {
                    return true;
                }
                if (r < 0 && -r != LibC.EINTR) {
                    throw new KernelException(Command.DEV_ARM_POLL, null, -r, "poll(2) on " + control.path());
                }
                if (left <= 0) {
                    return false;
                }
            }
        } finally {
            control.exit();
        }
    }

}
