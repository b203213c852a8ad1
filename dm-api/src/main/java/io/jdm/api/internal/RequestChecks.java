package io.jdm.api.internal;

import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.RemoveOptions;
import io.jdm.api.Table;

import java.util.function.Supplier;

/**
 * What a {@link io.jdm.api.DeviceMapper} checks before anything is sent, and the busy-retry of a remove:
 * written once, so that the ioctl binding and the fake kernel refuse exactly the same input in the same
 * words, and a unit test on the fake means what it says about the real one.
 */
public final class RequestChecks {
    private RequestChecks() {
    }

    /** The kernel refuses a table with no target; refused here first, naming the device. */
    public static void requireTargets(DeviceRef device, Table table) {
        if (table.isEmpty()) {
            throw new InvalidInputException("cannot load an empty table into " + device + ": the kernel needs at least one target");
        }
    }

    /** A message the kernel can take as meant: a non-negative sector, text by {@link MessageText}'s rules. */
    public static void requireSendableMessage(DeviceRef device, long sector, String message) {
        if (sector < 0) {
            throw new InvalidInputException("message sector must not be negative: " + sector);
        }
        String unsendable = MessageText.whyNotSendable(message);
        if (unsendable != null) {
            throw new InvalidInputException("message to " + device + ": " + unsendable);
        }
    }

    /** The event number as the kernel's 32-bit field holds it. */
    public static int eventNumber(long eventNr) {
        if (eventNr < 0 || eventNr > 0xffffffffL) {
            throw new InvalidInputException("event number must be an unsigned 32-bit value, got " + eventNr);
        }
        return (int) eventNr;
    }

    /**
     * Runs {@code attempt} again while it fails with EBUSY, as many more times as {@code options} allow
     * and with its pause between: a device is often busy for a moment after its last close (udev's probe).
     * An interrupt during the pause ends the retries with the last refusal, the interrupt status kept.
     */
    public static <T> T retryWhileBusy(RemoveOptions options, Supplier<T> attempt) {
        int triesLeft = options.busyRetries();
        while (true) {
            try {
                return attempt.get();
            } catch (DeviceBusyException busy) {
                if (triesLeft-- <= 0) {
                    throw busy;
                }
                try {
                    Thread.sleep(options.retryDelay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw busy;
                }
            }
        }
    }
}
