package io.jdm.api;

import io.jdm.api.spi.DeviceMapperProvider;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The device-mapper: one method per kernel command, plus the conveniences every user ends up writing
 * (create-with-table with rollback, waits with a timeout, the path of a device's block node).
 *
 * <p>An instance owns one open control file descriptor. It is safe to use from many threads at once.
 * {@link #close()} is final; calls already in flight finish first, later ones fail with
 * {@link ClosedException}.
 *
 * <p>Every failure is a {@link DeviceMapperException}: input that can be known bad is refused before
 * anything is sent, and a kernel refusal names the command, the device, the errno and, where the errno
 * cannot say more, what was sent.
 */
public interface DeviceMapper extends AutoCloseable {

    /** Opens {@code /dev/mapper/control} with the default options. */
    static DeviceMapper open() {
        return open(DeviceMapperOptions.defaults());
    }

    static DeviceMapper open(DeviceMapperOptions options) {
        for (DeviceMapperProvider provider : ServiceLoader.load(DeviceMapperProvider.class,
                DeviceMapper.class.getClassLoader())) {
            return provider.open(options);
        }
        throw new DeviceMapperUnavailableException(
                "no device-mapper implementation found: put the io.jdm:dm-ioctl artifact on the class or module path");
    }

    // ---- one method per kernel command -------------------------------------------------------------

    /** {@code DM_VERSION}: the kernel's ioctl interface version. */
    InterfaceVersion version();

    /** {@code DM_REMOVE_ALL}: removes every device not in use; with {@code deferred}, marks the open ones. */
    void removeAll(boolean deferred);

    /**
     * {@code DM_LIST_DEVICES}: every device, in the kernel's order, with its number, event counter and
     * uuid. Linux 6.1 and 6.12 list by name (byte order); 5.10 in the order of its hash table, as
     * {@code dmsetup ls} then shows them too.
     */
    List<ListedDevice> list();

    /** {@code DM_DEV_CREATE}: a new device without a table. */
    DeviceInfo create(DeviceName name, CreateOptions options);

    /** {@code DM_DEV_REMOVE}, with the EBUSY retries and deferral the options ask for. */
    RemoveOutcome remove(DeviceRef device, RemoveOptions options);

    /** {@code DM_DEV_RENAME}: the kernel looks the device up by its current name only. */
    DeviceInfo rename(DeviceName from, DeviceName to);

    /** {@code DM_DEV_RENAME} with {@code DM_UUID_FLAG}: sets the uuid of a device that has none (once). */
    DeviceInfo setUuid(DeviceName name, DeviceUuid uuid);

    /** {@code DM_DEV_SUSPEND} with {@code DM_SUSPEND_FLAG}. Suspending a suspended device does nothing. */
    DeviceInfo suspend(DeviceRef device, SuspendOptions options);

    /**
     * {@code DM_DEV_SUSPEND} without {@code DM_SUSPEND_FLAG}: swaps in the inactive table if there is one
     * (suspending first with {@code options}) and resumes I/O.
     */
    DeviceInfo resume(DeviceRef device, SuspendOptions options);

    /** {@code DM_DEV_STATUS}. */
    DeviceInfo info(DeviceRef device);

    /**
     * {@code DM_DEV_WAIT}: blocks until the device's event counter differs from {@code eventNr}, then
     * returns the status. A blocked native call cannot be interrupted from Java: for a wait that must
     * end, use {@link #awaitEvent}.
     */
    StatusReport waitEvent(DeviceRef device, long eventNr, QueryOptions options);

    /**
     * {@code DM_TABLE_LOAD}: loads {@code table} as the device's inactive table. A table that
     * {@linkplain Table#holdsKeyMaterial() holds key material} is always sent with
     * {@code DM_SECURE_DATA_FLAG} (so the kernel wipes its copies) and jdm wipes its request buffers,
     * whatever {@code options} say.
     */
    DeviceInfo load(DeviceRef device, Table table, LoadOptions options);

    /** {@code DM_TABLE_CLEAR}: drops the inactive table. */
    DeviceInfo clear(DeviceRef device);

    /** {@code DM_TABLE_DEPS}: the block devices the table uses. */
    Dependencies deps(DeviceRef device, QueryOptions options);

    /** {@code DM_TABLE_STATUS}: each target's status text. */
    StatusReport status(DeviceRef device, QueryOptions options);

    /**
     * {@code DM_TABLE_STATUS} with {@code DM_STATUS_TABLE_FLAG}: the table as the kernel prints it. The
     * request carries {@code DM_SECURE_DATA_FLAG} and the reply buffer is wiped after reading, because a
     * crypt table comes back with its key; such a key is returned as {@link SecretBytes} in its
     * {@link TableLine}, never as text. {@link Table#destroySecrets()} wipes it when you are done.
     */
    TableReport table(DeviceRef device, QueryOptions options);

    /** {@code DM_LIST_VERSIONS}: every registered target type. */
    List<TargetVersion> targetVersions();

    /** {@code DM_GET_TARGET_VERSION}: one target type, loading its module if needed (interface 4.41+). */
    TargetVersion targetVersion(String targetType);

    /**
     * {@code DM_TARGET_MSG}: sends {@code message} to the target at {@code sector} (or to device-mapper
     * core when it starts with '@'). The kernel splits it into words as it splits table params, so it is
     * sent the same way: every backslash doubled. A message must be one line of words; dm-crypt's
     * {@code key set <key>} goes as secure data, with the key withheld from any exception.
     *
     * @return the target's reply, when it gave one
     */
    Optional<String> message(DeviceRef device, long sector, String message);

    /**
     * {@code DM_DEV_SET_GEOMETRY}. The kernel reports nothing back; the info returned is read with
     * {@code DM_DEV_STATUS} right after.
     */
    DeviceInfo setGeometry(DeviceRef device, Geometry geometry);

    // ---- conveniences ------------------------------------------------------------------------------

    /**
     * A watcher with a control descriptor of its own, for global-event waits with a timeout. It is closed
     * with this device mapper (a thread waiting in it then gets {@link ClosedException}), or before by
     * its own {@link EventWatcher#close()}.
     */
    EventWatcher watchEvents();

    /**
     * Waits until the device's event counter differs from {@code eventNr}, or the timeout passes,
     * without blocking in the kernel (through {@link #watchEvents()}), so it honours interrupts.
     *
     * @return the device's info once the counter moved, or empty on timeout
     */
    default Optional<DeviceInfo> awaitEvent(DeviceRef device, long eventNr, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (EventWatcher watcher = watchEvents()) {
            while (true) {
                // arm before looking, so that an event between the look and the wait is not missed
                watcher.arm();
                DeviceInfo info = info(device);
                if (info.eventNr() != eventNr) {
                    return Optional.of(info);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !watcher.await(Duration.ofNanos(left))) {
                    return Optional.empty();
                }
            }
        }
    }

    /**
     * Create, load, resume: a live device in one call. If any step fails the device this call made is
     * removed again (see {@link CreateRollback}), so nothing half-made is left, and the first failure is
     * thrown with any trouble of the rollback attached as suppressed.
     */
    default DeviceInfo createWithTable(DeviceName name, CreateOptions createOptions, Table table, LoadOptions loadOptions) {
        if (table.isEmpty()) {
            throw new InvalidInputException("cannot create " + name + " with an empty table: the kernel needs at least one target");
        }
        DeviceInfo created = create(name, createOptions);
        DeviceRef ref = DeviceRef.name(name);
        try {
            load(ref, table, loadOptions);
            return resume(ref);
        } catch (Throwable failure) {
            CreateRollback.undo(this, created, createOptions, failure);
            throw failure;
        }
    }

    /**
     * The block node to open for the device: {@code /dev/mapper/NAME} when it exists (made by udev or
     * by jdm's node policy), otherwise {@code /dev/dm-MINOR}, which the kernel makes itself.
     */
    Path devicePath(DeviceInfo device);

    /** The interface version of the running kernel, as read once at open. */
    InterfaceVersion kernelVersion();

    @Override
    void close();

    // ---- overloads with default options ------------------------------------------------------------

    default DeviceInfo create(DeviceName name) {
        return create(name, CreateOptions.defaults());
    }

    default RemoveOutcome remove(DeviceRef device) {
        return remove(device, RemoveOptions.defaults());
    }

    default DeviceInfo suspend(DeviceRef device) {
        return suspend(device, SuspendOptions.defaults());
    }

    default DeviceInfo resume(DeviceRef device) {
        return resume(device, SuspendOptions.defaults());
    }

    default DeviceInfo load(DeviceRef device, Table table) {
        return load(device, table, LoadOptions.defaults());
    }

    default StatusReport status(DeviceRef device) {
        return status(device, QueryOptions.defaults());
    }

    default TableReport table(DeviceRef device) {
        return table(device, QueryOptions.defaults());
    }

    default Dependencies deps(DeviceRef device) {
        return deps(device, QueryOptions.defaults());
    }

    default DeviceInfo createWithTable(DeviceName name, Table table) {
        return createWithTable(name, CreateOptions.defaults(), table, LoadOptions.defaults());
    }
}
