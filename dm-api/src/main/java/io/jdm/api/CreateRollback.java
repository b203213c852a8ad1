package io.jdm.api;

import java.time.Duration;
import java.util.Optional;

/**
 * Undoes the create of a {@link DeviceMapper#createWithTable} whose load or resume failed. The device
 * is addressed by what identifies the one this call made, not by its name: its uuid when the caller
 * gave one (the kernel keeps uuids unique), else its device number, checked to still carry the name
 * (another thread may have removed it and made a device of the same name since). The number check
 * cannot tell apart a device that a third party removed and made again under the same name, because
 * the kernel hands out the lowest free minor: give the device a uuid to rule that out. A device still
 * held open after the retries (udev or blkid probing it) is marked for deferred removal, so it goes
 * when its holder lets go instead of being left behind.
 */
final class CreateRollback {
    /** libdevmapper retries a busy remove 25 times, 200 ms apart; a fresh device is seldom held that long. */
    static final RemoveOptions RETRIES = RemoveOptions.defaults().withBusyRetries(10, Duration.ofMillis(50));
    private static final System.Logger LOG = System.getLogger(CreateRollback.class.getName());

    private CreateRollback() {
    }

    /** Removes the device {@code created}, attaching what went wrong to {@code failure}. Never throws. */
    static void undo(DeviceMapper dm, DeviceInfo created, CreateOptions options, Throwable failure) {
        try {
            Optional<DeviceRef> ref = options.uuid().isPresent()
                    ? Optional.of(new DeviceRef.ByUuid(options.uuid().get()))
                    : sameDevice(dm, created);
            if (ref.isEmpty()) {
                return; // it is gone already, or the number belongs to another device now
            }
            try {
                dm.remove(ref.get(), RETRIES);
            } catch (DeviceBusyException busy) {
                dm.remove(ref.get(), RemoveOptions.defaults().withDeferred(true));
                failure.addSuppressed(new IllegalStateException("rollback: " + created.name()
                        + " was still open, so it is marked for deferred removal (the kernel removes it on last close)", busy));
                LOG.log(System.Logger.Level.INFO, "createWithTable of {0} failed and the device was still open:"
                        + " marked for deferred removal", created.name());
            }
        } catch (Throwable cleanup) {
            failure.addSuppressed(cleanup);
            LOG.log(System.Logger.Level.WARNING, "createWithTable of " + created.name() + " failed and the device it"
                    + " created could not be removed: it is left behind", cleanup);
        }
    }

    /** The device by number, if that number still belongs to a device of the created name. */
    private static Optional<DeviceRef> sameDevice(DeviceMapper dm, DeviceInfo created) {
        DeviceRef byNumber = DeviceRef.number(created.number());
        try {
            return dm.info(byNumber).name().equals(created.name()) ? Optional.of(byNumber) : Optional.empty();
        } catch (NoSuchDeviceException gone) {
            return Optional.empty();
        }
    }
}
