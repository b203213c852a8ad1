package io.jdm.thin.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.EventWatcher;
import io.jdm.api.InvalidInputException;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An in-process dmeventd for thin pools: watches pools, reports what happens to them, and grows them
 * under an {@link AutoextendPolicy} before they fill up.
 *
 * <p>One thread ({@code jdm-pool-monitor}) checks the pools. It wakes on device-mapper's events (a pool
 * raises one when its data usage reaches the low-water mark, which the monitor sets at the policy's
 * threshold, and at every mode change) and also every {@link MonitorOptions#period()}, so neither
 * mechanism alone is relied on. Each wake checks every pool: one status call each. An extend runs on a
 * grow thread of its own (one at a time per pool), so a slow grower never hides a pool filling up. No
 * lock is held while waiting or growing; {@link #watch} and {@link #unwatch} never block. The listener
 * is called from these threads, one event at a time.
 *
 * <p>The monitor uses the {@link DeviceMapper} it is given (it does not close it) and a control
 * descriptor of its own for the events.
 */
public final class PoolMonitor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PoolMonitor.class.getName());
    /** How often a wait on events looks whether it should end early (a watch, a close). */
    private static final Duration WAKE_SLICE = Duration.ofMillis(100);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final DeviceMapper dm;
    private final MonitorOptions options;
    private final PoolListener listener;
    private final Map<DeviceRef, WatchedPool> pools = new ConcurrentHashMap<>();
    private final Object wake = new Object();
    private final Object listenerLock = new Object();
    private final Thread thread;
    private final ExecutorService growers = Executors.newThreadPerTaskExecutor(
            Thread.ofPlatform().daemon(true).name("jdm-pool-grower-", 0).factory()); // platform: seen in jstack
    private volatile boolean wakeRequested;
    private volatile boolean closed;
    private volatile boolean eventsInUse;
    private volatile long rounds;

    private PoolMonitor(DeviceMapper dm, MonitorOptions options, PoolListener listener) {
        this.dm = dm;
        this.options = options;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("jdm-pool-monitor").daemon(true).unstarted(this::run);
    }

    /** Starts a monitor with no pools; add them with {@link #watch}. */
    public static PoolMonitor start(DeviceMapper dm, MonitorOptions options, PoolListener listener) {
        if (dm == null || options == null || listener == null) {
            throw new InvalidInputException("pool monitor: device mapper, options and listener are required");
        }
        PoolMonitor monitor = new PoolMonitor(dm, options, listener);
        monitor.thread.start();
        return monitor;
    }

    public static PoolMonitor start(DeviceMapper dm, PoolListener listener) {
        return start(dm, MonitorOptions.defaults(), listener);
    }

    /** Watches a pool (replacing an earlier watch of the same ref); it is checked at once. */
    public void watch(PoolWatch watch) {
        requireOpen();
        pools.put(watch.pool(), new WatchedPool(dm, watch, options, this::emit, growers, this::wakeUp));
        checkSoon();
    }

    /** Stops watching a pool; true if it was watched. */
    public boolean unwatch(DeviceRef pool) {
        return pools.remove(pool) != null;
    }

    public Set<DeviceRef> watched() {
        return Set.copyOf(pools.keySet());
    }

    /** Asks for a round of checks now instead of at the next event or period. */
    public void checkSoon() {
        requireOpen();
        wakeUp();
    }

    private void wakeUp() {
        synchronized (wake) {
            wakeRequested = true;
            wake.notifyAll();
        }
    }

    /** Whether the monitor wakes on kernel events (false: the period alone, events were off or unavailable). */
    public boolean eventsInUse() {
        return eventsInUse;
    }

    /** How many rounds of checks have run: for tests and diagnostics. */
    public long rounds() {
        return rounds;
    }

    /**
     * Stops the monitor after its current round and waits (up to 30 s) for running extends to end; the
     * pools are left as they are.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (wake) {
            wake.notifyAll();
        }
        if (Thread.currentThread() == thread) {
            return; // a listener closing its own monitor: the loop ends after this round
        }
        try {
            if (!thread.join(CLOSE_WAIT)) {
                LOG.log(Level.WARNING, "pool monitor thread still busy " + CLOSE_WAIT + " after close");
            }
            growers.shutdown();
            if (!growers.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "a pool grower is still running " + CLOSE_WAIT + " after close; left to finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        // JFR registers an event class at its first instance: seconds under emulation, which must not
        // fall into the first extend of a filling pool
        new PoolExtendedEvent();
        new PoolEventEvent();
        EventWatcher watcher = options.useEvents() ? openWatcher() : null;
        try {
            while (!closed) {
                if (watcher != null && !arm(watcher)) {
                    watcher = null;
                }
                eventsInUse = watcher != null;
                wakeRequested = false;
                try {
                    round();
                } catch (RuntimeException e) { // a bug: say it and keep the pools watched
                    LOG.log(Level.ERROR, "pool monitor: a round of checks failed", e);
                }
                await(watcher, waitNanos());
            }
        } catch (InterruptedException e) {
            // interrupted: the monitor ends as if closed
        } finally {
            closed = true;
            if (watcher != null) {
                watcher.close();
            }
        }
    }

    private void round() {
        long now = System.nanoTime();
        for (WatchedPool pool : pools.values()) {
            if (closed) {
                return;
            }
            boolean keep;
            try {
                keep = pool.check(now);
            } catch (RuntimeException e) { // a bug, not a pool's fault: say it, keep watching the others
                LOG.log(Level.ERROR, "pool monitor: checking " + pool.pool() + " failed", e);
                keep = true;
            }
            if (!keep && pools.remove(pool.pool(), pool)) {
                emit(new PoolEvent.Gone(pool.pool()));
            }
        }
        rounds++;
    }

    private long waitNanos() {
        long now = System.nanoTime();
        long wait = options.period().toNanos();
        for (WatchedPool pool : pools.values()) {
            long retry = pool.nextRetryNanos();
            if (retry != Long.MAX_VALUE) {
                wait = Math.min(wait, Math.max(0, retry - now));
            }
        }
        return wait;
    }

    /** Waits for an event, a wake request or the timeout, whichever comes first. */
    private void await(EventWatcher watcher, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!closed && !wakeRequested) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            if (watcher == null) {
                synchronized (wake) {
                    if (!closed && !wakeRequested) {
                        wake.wait(Math.max(1, left / 1_000_000));
                    }
                }
            } else if (watcher.await(Duration.ofNanos(Math.min(left, WAKE_SLICE.toNanos())))) {
                return;
            }
        }
    }

    private EventWatcher openWatcher() {
        try {
            return dm.watchEvents();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "pool monitor: device-mapper events unavailable, checking every "
                    + options.period() + " only: " + e.getMessage());
            return null;
        }
    }

    private boolean arm(EventWatcher watcher) {
        try {
            watcher.arm();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "pool monitor: cannot arm device-mapper events, checking every "
                    + options.period() + " only: " + e.getMessage());
            watcher.close();
            return false;
        }
    }

    /** From the monitor's thread and the grow threads, one event at a time. */
    private void emit(PoolEvent event) {
        synchronized (listenerLock) {
            PoolEventEvent.record(event); // under the lock: in the listener's order
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "pool monitor: the listener failed on " + event, e);
            }
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the pool monitor is closed");
        }
    }
}
