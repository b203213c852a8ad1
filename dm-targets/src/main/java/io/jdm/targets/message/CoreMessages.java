package io.jdm.targets.message;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;

import java.util.Objects;
import java.util.Optional;

/**
 * Messages to device-mapper core (they start with {@code @} and work on any device), and the generic
 * message with a reply.
 */
public final class CoreMessages {
    private final DeviceMapper dm;

    private CoreMessages(DeviceMapper dm) {
        this.dm = Objects.requireNonNull(dm, "dm");
    }

    public static CoreMessages of(DeviceMapper dm) {
        return new CoreMessages(dm);
    }

    /** Any message to the target at {@code sector}; the reply, if the target gave one. */
    public Optional<String> send(DeviceRef device, long sector, String message) {
        if (message == null || message.isBlank()) {
            throw new InvalidInputException("a message must not be empty");
        }
        if (sector < 0) {
            throw new InvalidInputException("message sector must not be negative, got " + sector);
        }
        return dm.message(device, sector, message);
    }

    /** {@code @cancel_deferred_remove}: keeps a device that was marked for deferred removal. */
    public void cancelDeferredRemove(DeviceRef device) {
        dm.message(device, 0, "@cancel_deferred_remove");
    }

    /** {@code @stats_list}: the device's statistics regions, as the kernel lists them (may be empty). */
    public String statsList(DeviceRef device) {
        return dm.message(device, 0, "@stats_list").orElse("");
    }
}
