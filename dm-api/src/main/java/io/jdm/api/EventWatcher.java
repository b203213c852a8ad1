package io.jdm.api;

import java.time.Duration;

/**
 * Waits for device-mapper's global events (a device created, removed or renamed, a table swapped, a
 * target event) on a control file descriptor of its own, so that arming one watcher never disturbs
 * another. Use: {@link #arm()}, look at the state you care about, then {@link #await(Duration)}; an event
 * that happened after the arm is never missed.
 */
public interface EventWatcher extends AutoCloseable {
    /** Records the current global event counter ({@code DM_DEV_ARM_POLL}). */
    void arm();

    /**
     * Waits until a global event happens after the last {@link #arm()}, or the timeout passes.
     *
     * @return true on an event, false on timeout
     */
    boolean await(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
