package io.jdm.ioctl.internal;

/**
 * Places inside a multi-step operation where a fault-injection test can make it fail, or stop it so
 * that a parent process kills it exactly there (the crash tests). Each is a no-op unless a test sets it.
 */
public final class FaultPoints {
    private FaultPoints() {
    }

    /** Runs in {@code LoopControl.attach} after the file is bound to the loop device, before the attach returns. */
    public static volatile Runnable afterLoopBind = () -> { };
}
