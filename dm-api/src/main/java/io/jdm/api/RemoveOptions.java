package io.jdm.api;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@code DM_DEV_REMOVE}.
 *
 * @param deferred     if the device is open, mark it for removal on last close instead of failing
 * @param busyRetries  how many more times to try when the kernel answers EBUSY (a device is often
 *                     briefly held by udev or blkid after use); 0 means fail at once
 * @param retryDelay   the pause between tries
 */
public record RemoveOptions(boolean deferred, int busyRetries, Duration retryDelay) {
    private static final RemoveOptions DEFAULTS = new RemoveOptions(false, 0, Duration.ZERO);

    public RemoveOptions {
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (busyRetries < 0) {
            throw new InvalidInputException("busyRetries must not be negative: " + busyRetries);
        }
        if (retryDelay.isNegative()) {
            throw new InvalidInputException("retryDelay must not be negative: " + retryDelay);
        }
    }

    /** No deferral, no retry: the raw kernel behaviour. */
    public static RemoveOptions defaults() {
        return DEFAULTS;
    }

    public RemoveOptions withDeferred(boolean deferred) {
        return new RemoveOptions(deferred, busyRetries, retryDelay);
    }

    /** Retries EBUSY up to {@code retries} more times, {@code delay} apart (libdevmapper uses 25 x 200 ms). */
    public RemoveOptions withBusyRetries(int retries, Duration delay) {
        return new RemoveOptions(deferred, retries, delay);
    }
}
