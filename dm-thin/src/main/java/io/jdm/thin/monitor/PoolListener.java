package io.jdm.thin.monitor;

/**
 * Receives a {@link PoolMonitor}'s events, one at a time, on the monitor's threads: return quickly. An
 * exception thrown here is logged and otherwise ignored; it never stops the monitor.
 */
@FunctionalInterface
public interface PoolListener {
    void onEvent(PoolEvent event);
}
