package io.jdm.testkit.fake;

import io.jdm.api.ClosedException;
import io.jdm.api.Command;
import io.jdm.api.EventWatcher;

import java.time.Duration;

/** {@code DM_DEV_ARM_POLL} and poll(2) on a control descriptor of its own, over the fake's global event counter. */
final class FakeEventWatcher implements EventWatcher {
    private final DmCore core;
    private long armed;
    private volatile boolean closed;

    FakeEventWatcher(DmCore core) {
        this.core = core;
        core.lock.lock();
        try {
            armed = core.globalEvents; // open() initialises the descriptor's counter
        } finally {
            core.lock.unlock();
        }
    }

    @Override
    public void arm() {
        open();
        core.run(Command.DEV_ARM_POLL, null, "", null, () -> {
            armed = core.globalEvents;
            return null;
        });
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
        open();
        long left = Math.max(0, timeout.toNanos());
        core.lock.lockInterruptibly();
        try {
            while (core.globalEvents == armed) {
                open(); // closed meanwhile, by itself or with its device mapper
                if (left <= 0) {
                    return false;
                }
                left = core.changed.awaitNanos(left);
            }
            return true;
        } finally {
            core.lock.unlock();
        }
    }

    private void open() {
        if (closed) {
            throw new ClosedException("this fake event watcher is closed");
        }
    }

    /** Closes it and wakes its waiters, which then get {@link ClosedException}. */
    @Override
    public void close() {
        closed = true;
        core.lock.lock();
        try {
            core.changed.signalAll();
        } finally {
            core.lock.unlock();
        }
    }
}
