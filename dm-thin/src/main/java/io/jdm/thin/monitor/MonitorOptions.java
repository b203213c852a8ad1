package io.jdm.thin.monitor;

import io.jdm.api.InvalidInputException;

import java.time.Duration;

/**
 * How a {@link PoolMonitor} works.
 *
 * @param period            how often every pool is checked even when no event came (dmeventd: 10 s)
 * @param useEvents         wake on device-mapper's events too (a pool raises one at its low-water mark
 *                          and on every mode change); off, the period alone drives the monitor
 * @param setLowWaterMark   set each extending pool's low-water mark so the kernel's event fires at the
 *                          data threshold (a table reload of the pool when it differs)
 * @param firstRetry        the wait after a failed extend; doubled after each further failure
 * @param maxRetry          the longest wait between retries
 * @param leftoverTableAge  an inactive table that resizes the pool (the same devices, nothing shrunk) and has
 *                          stayed unchanged this long is taken for one a resize left behind when its process
 *                          was killed between load and resume, and is cleared so the pool can grow again; any
 *                          other inactive table is left alone, and the pool is not swapped while it is there
 */
public record MonitorOptions(Duration period, boolean useEvents, boolean setLowWaterMark, Duration firstRetry,
                             Duration maxRetry, Duration leftoverTableAge) {
    /** The longest period and retry: longer waits would tell nothing, and a century overflows nanoseconds. */
    public static final Duration LONGEST = Duration.ofDays(1);

    public MonitorOptions {
        requirePositive("period", period);
        requirePositive("first retry", firstRetry);
        requirePositive("maximum retry", maxRetry);
        requirePositive("leftover table age", leftoverTableAge);
        if (maxRetry.compareTo(firstRetry) < 0) {
            throw new InvalidInputException("monitor: maximum retry " + maxRetry + " is shorter than the first " + firstRetry);
        }
    }

    /** A 10 s period, events on, the low-water mark set, retries from 1 s to 5 min, leftover tables cleared after 60 s. */
    public static MonitorOptions defaults() {
        return new MonitorOptions(Duration.ofSeconds(10), true, true, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofSeconds(60));
    }

    public MonitorOptions withPeriod(Duration period) {
        return new MonitorOptions(period, useEvents, setLowWaterMark, firstRetry, maxRetry, leftoverTableAge);
    }

    public MonitorOptions withEvents(boolean useEvents) {
        return new MonitorOptions(period, useEvents, setLowWaterMark, firstRetry, maxRetry, leftoverTableAge);
    }

    public MonitorOptions withLowWaterMark(boolean setLowWaterMark) {
        return new MonitorOptions(period, useEvents, setLowWaterMark, firstRetry, maxRetry, leftoverTableAge);
    }

    public MonitorOptions withRetry(Duration firstRetry, Duration maxRetry) {
        return new MonitorOptions(period, useEvents, setLowWaterMark, firstRetry, maxRetry, leftoverTableAge);
    }

    public MonitorOptions withLeftoverTableAge(Duration age) {
        return new MonitorOptions(period, useEvents, setLowWaterMark, firstRetry, maxRetry, age);
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.compareTo(LONGEST) > 0) {
            throw new InvalidInputException("monitor: " + what + " must be a positive duration of at most "
                    + LONGEST + ", got " + d);
        }
    }
}
