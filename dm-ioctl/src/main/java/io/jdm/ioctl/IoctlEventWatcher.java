package io.jdm.ioctl;

import io.jdm.api.EventWatcher;
import io.jdm.ioctl.internal.ControlDevice;
import io.jdm.ioctl.internal.GlobalEvents;

import java.time.Duration;

/** An {@link EventWatcher} on a control descriptor of its own. */
final class IoctlEventWatcher implements EventWatcher {
    private final ControlDevice control;

    IoctlEventWatcher(ControlDevice control) {
        this.control = control;
    }

    @Override
    public void arm() {
        GlobalEvents.arm(control);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        return GlobalEvents.await(control, timeout);
    }

    @Override
    public void close() {
        control.close();
    }
}
