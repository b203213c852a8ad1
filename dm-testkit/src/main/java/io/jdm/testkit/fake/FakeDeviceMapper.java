package io.jdm.testkit.fake;

import io.jdm.api.ClosedException;
import io.jdm.api.Command;
import io.jdm.api.CreateOptions;
import io.jdm.api.Dependencies;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.DeviceUuid;
import io.jdm.api.EventWatcher;
import io.jdm.api.Geometry;
import io.jdm.api.InterfaceVersion;
import io.jdm.api.internal.MessageText;
import io.jdm.api.internal.RequestChecks;
import io.jdm.api.ListedDevice;
import io.jdm.api.LoadOptions;
import io.jdm.api.QueryOptions;
import io.jdm.api.RemoveOptions;
import io.jdm.api.RemoveOutcome;
import io.jdm.api.StatusReport;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.api.TableReport;
import io.jdm.api.TargetVersion;
import io.jdm.api.Errno;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * A handle on a {@link FakeKernel}, as an open control descriptor is on the real one. It checks input
 * as jdm's binding does before anything is sent, hands the command to the kernel, and shapes the reply
 * as the binding reads it from the kernel's buffer.
 */
final class FakeDeviceMapper implements DeviceMapper {
    static final String SUSPEND = "suspend";
    static final String RESUME = "resume";

    private final DmCore core;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Watchers made by {@link #watchEvents()}: closed with this handle, as the ioctl binding's are. */
    private final Set<FakeEventWatcher> watchers = ConcurrentHashMap.newKeySet();

    FakeDeviceMapper(DmCore core) {
        this.core = core;
    }

    private void open() {
        if (closed.get()) {
            throw new ClosedException("this fake device-mapper handle is closed");
        }
    }

    @Override
    public InterfaceVersion version() {
        open();
        return core.run(Command.VERSION, null, "", null, () -> core.options.interfaceVersion());
    }

    @Override
    public InterfaceVersion kernelVersion() {
        return core.options.interfaceVersion();
    }

    @Override
    public void removeAll(boolean deferred) {
        open();
        core.run(Command.REMOVE_ALL, null, deferred ? "deferred" : "", null, () -> {
            core.removeAll(deferred);
            return null;
        });
    }

    @Override
    public List<ListedDevice> list() {
        open();
        return core.run(Command.LIST_DEVICES, null, "", null, core::list);
    }

    @Override
    public DeviceInfo create(DeviceName name, CreateOptions options) {
        open();
        String sent = "uuid=" + options.uuid().map(DeviceUuid::value).orElse("(none)")
                + (options.minor().isPresent() ? " minor=" + options.minor().getAsInt() : "");
        return core.run(Command.DEV_CREATE, DeviceRef.name(name), sent, () -> sent,
                () -> core.create(name, options.uuid(), options.minor()));
    }

    @Override
    public RemoveOutcome remove(DeviceRef device, RemoveOptions options) {
        open();
        return RequestChecks.retryWhileBusy(options, () -> {
            boolean deferred = core.run(Command.DEV_REMOVE, device, options.deferred() ? "deferred" : "", null,
                    () -> core.remove(core.find(device), options.deferred()));
            return deferred ? RemoveOutcome.DEFERRED : RemoveOutcome.REMOVED;
        });
    }

    @Override
    public DeviceInfo rename(DeviceName from, DeviceName to) {
        open();
        String sent = "new name '" + to + "'";
        return core.run(Command.DEV_RENAME, DeviceRef.name(from), sent, () -> sent, () -> core.rename(from, to.value(), false));
    }

    @Override
    public DeviceInfo setUuid(DeviceName name, DeviceUuid uuid) {
        open();
        String sent = "new uuid '" + uuid + "' (a uuid can be set only once)";
        return core.run(Command.DEV_RENAME, DeviceRef.name(name), sent, () -> sent, () -> {
            DeviceInfo info = core.rename(name, uuid.value(), true);
            return new DeviceInfo(info.name(), Optional.of(uuid), info.number(), info.openCount(), info.eventNr(),
                    info.targetCount(), info.flags());
        });
    }

    @Override
    public DeviceInfo suspend(DeviceRef device, SuspendOptions options) {
        open();
        return core.run(Command.DEV_SUSPEND, device, SUSPEND, null, () -> core.suspend(core.find(device)));
    }

    @Override
    public DeviceInfo resume(DeviceRef device, SuspendOptions options) {
        open();
        return core.run(Command.DEV_SUSPEND, device, RESUME, null, () -> core.resume(core.find(device)));
    }

    @Override
    public DeviceInfo info(DeviceRef device) {
        open();
        return core.run(Command.DEV_STATUS, device, "", null, () -> core.info(core.find(device)));
    }

    @Override
    public StatusReport waitEvent(DeviceRef device, long eventNr, QueryOptions options) {
        open();
        RequestChecks.eventNumber(eventNr);
        return core.run(Command.DEV_WAIT, device, "event " + eventNr, null, () -> {
            Mapped m = core.find(device);
            // the kernel writes the name and uuid into the reply at the lookup, before it waits
            DeviceName name = new DeviceName(m.name);
            Optional<DeviceUuid> uuid = Optional.ofNullable(m.uuid).map(DeviceUuid::new);
            boolean inactive = m.inactive != null;
            core.awaitDeviceEvent(m, eventNr);
            DeviceInfo now = core.info(m, options.inactiveTable(), inactive, false);
            return new StatusReport(new DeviceInfo(name, uuid, now.number(), now.openCount(), now.eventNr(), now.targetCount(),
                    now.flags()), core.status(m, options.inactiveTable(), options.noFlush()));
        });
    }

    private StatusReport statusReport(Mapped m, QueryOptions options) {
        return new StatusReport(core.info(m, options.inactiveTable(), m.inactive != null, false),
                core.status(m, options.inactiveTable(), options.noFlush()));
    }

    @Override
    public DeviceInfo load(DeviceRef device, Table table, LoadOptions options) {
        open();
        RequestChecks.requireTargets(device, table);
        String sent = describe(table, options.secureData() || table.holdsKeyMaterial());
        return core.run(Command.TABLE_LOAD, device, sent, () -> sent, () -> core.load(core.find(device), table, options.readOnly()));
    }

    /** What was sent, as an error may quote it: the table, or only its targets' types when it holds secrets. */
    private static String describe(Table table, boolean secure) {
        if (!secure) {
            return table.toString().strip();
        }
        return table.lines().stream().map(l -> l.start() + " " + l.length() + " " + l.type() + " <params withheld: secure data>")
                .collect(Collectors.joining("\n"));
    }

    @Override
    public DeviceInfo clear(DeviceRef device) {
        open();
        return core.run(Command.TABLE_CLEAR, device, "", null, () -> core.clear(core.find(device)));
    }

    @Override
    public Dependencies deps(DeviceRef device, QueryOptions options) {
        open();
        return core.run(Command.TABLE_DEPS, device, "", null, () -> {
            Mapped m = core.find(device);
            return new Dependencies(core.info(m, options.inactiveTable(), m.inactive != null, false),
                    core.deps(m, options.inactiveTable()));
        });
    }

    @Override
    public StatusReport status(DeviceRef device, QueryOptions options) {
        open();
        return core.run(Command.TABLE_STATUS, device, "", null, () -> statusReport(core.find(device), options));
    }

    @Override
    public TableReport table(DeviceRef device, QueryOptions options) {
        open();
        return core.run(Command.TABLE_STATUS, device, "table", null, () -> {
            Mapped m = core.find(device);
            List<TableLine> lines = core.table(m, options.inactiveTable());
            return new TableReport(core.info(m, options.inactiveTable(), m.inactive != null, false), new Table(lines));
        });
    }

    @Override
    public List<TargetVersion> targetVersions() {
        open();
        return core.run(Command.LIST_VERSIONS, null, "", null, () -> TargetType.ALL.stream().map(TargetType::version).toList());
    }

    @Override
    public TargetVersion targetVersion(String targetType) {
        open();
        TableLine.checkType(targetType);
        String sent = "target type '" + targetType + "' (EINVAL: no such target type, or its module cannot be loaded)";
        return core.run(Command.GET_TARGET_VERSION, null, targetType, () -> sent, () -> {
            TargetType type = TargetType.find(targetType);
            if (type == null) {
                throw Refusal.of(Errno.EINVAL, "no such target type");
            }
            return type.version();
        });
    }

    @Override
    public Optional<String> message(DeviceRef device, long sector, String message) {
        open();
        RequestChecks.requireSendableMessage(device, sector, message);
        // as the binding quotes it: a key a message carries is withheld
        String sent = "sector " + sector + " message '" + MessageText.shown(message) + "'";
        return core.run(Command.TARGET_MSG, device, sent, () -> sent, () -> core.message(core.find(device), sector, message));
    }

    /**
     * The kernel sets the geometry and copies nothing back ({@code data_size = 0}), so the reply is the
     * request as the binding wrote it: the device as it was named, no number, no state.
     */
    @Override
    public DeviceInfo setGeometry(DeviceRef device, Geometry geometry) {
        open();
        String sent = "geometry '" + geometry.format() + "'";
        core.run(Command.DEV_SET_GEOMETRY, device, sent, () -> sent, () -> {
            core.find(device);
            core.setGeometry(geometry);
            return null;
        });
        return info(device);
    }

    @Override
    public EventWatcher watchEvents() {
        open();
        FakeEventWatcher watcher = new FakeEventWatcher(core);
        watchers.add(watcher);
        if (closed.get()) { // closed while we made it: it must not outlive this handle
            watcher.close();
        }
        return watcher;
    }

    /** {@code /dev/mapper/NAME}, where udev or jdm's node policy would put the node; the fake makes no file. */
    @Override
    public Path devicePath(DeviceInfo device) {
        return Path.of("/dev/mapper", device.name().value());
    }

    @Override
    public void close() {
        closed.set(true);
        watchers.forEach(FakeEventWatcher::close);
    }

    @Override
    public String toString() {
        return "FakeDeviceMapper[" + core.options.major() + ", interface " + core.options.interfaceVersion()
                + (closed.get() ? ", closed" : "") + "]";
    }
}
