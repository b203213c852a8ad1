package io.jdm.ioctl;

import io.jdm.api.CreateOptions;
import io.jdm.api.Dependencies;
import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperException;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.DeviceUuid;
import io.jdm.api.EventWatcher;
import io.jdm.api.Geometry;
import io.jdm.api.InterfaceVersion;
import io.jdm.api.InvalidInputException;
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
import io.jdm.ioctl.internal.CStrings;
import io.jdm.ioctl.internal.CommandSpec;
import io.jdm.ioctl.internal.ControlDevice;
import io.jdm.ioctl.internal.DeviceNodes;
import io.jdm.ioctl.internal.DmFlags;
import io.jdm.ioctl.internal.DmStructs;
import io.jdm.ioctl.internal.HeaderCodec;
import io.jdm.ioctl.internal.ListCodec;
import io.jdm.ioctl.internal.TableCodec;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.jdm.ioctl.internal.DmStructs.IOCTL_SIZE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@link DeviceMapper} over the ioctls of {@code /dev/mapper/control}. Each method checks its input,
 * states the flags and data of its command, and reads the reply; the call mechanics live in
 * {@link ControlDevice}, the node policy in {@link DeviceNodes}.
 */
public final class IoctlDeviceMapper implements DeviceMapper {
    /** libdevmapper's {@code DM_UDEV_PRIMARY_SOURCE_FLAG << 16}: lets udev's dm rules act on our events. */
    private static final int UDEV_PRIMARY_SOURCE = 0x0040 << 16;
    /** Interface minor from which each name-list record carries event_nr and flags. */
    private static final int NAME_LIST_TRAILER_MINOR = 38;

    private final DeviceMapperOptions options;
    private final ControlDevice control;
    private final DeviceNodes nodes;

    private IoctlDeviceMapper(DeviceMapperOptions options, ControlDevice control) {
        this.options = options;
        this.control = control;
        this.nodes = new DeviceNodes(options.devDirectory(), options.nodePolicy());
    }

    public static IoctlDeviceMapper open(DeviceMapperOptions options) {
        return new IoctlDeviceMapper(options, ControlDevice.open(options.controlPath(), options.maxBufferBytes()));
    }

    /** Over a given control device (a simulated one in unit tests). */
    static IoctlDeviceMapper over(ControlDevice control, DeviceMapperOptions options) {
        return new IoctlDeviceMapper(options, control);
    }

    /** Cookie for resume, remove and rename: leave the node to udev's rules when udev makes nodes. */
    private int cookie() {
        return nodes.managed() ? 0 : UDEV_PRIMARY_SOURCE;
    }

    @Override
    public InterfaceVersion kernelVersion() {
        return control.kernelVersion();
    }

    @Override
    public InterfaceVersion version() {
        return control.call(CommandSpec.VERSION, null, 0, 0, 0, ControlDevice.Request.NONE, HeaderCodec::version, null, false);
    }

    @Override
    public void removeAll(boolean deferred) {
        control.call(CommandSpec.REMOVE_ALL, null, deferred ? DmFlags.DEFERRED_REMOVE : 0, 0, 0,
                ControlDevice.Request.NONE, buffer -> null, null, false);
        if (nodes.managed()) {
            Set<String> live = new HashSet<>();
            for (ListedDevice d : list()) {
                live.add(d.name().value());
            }
            nodes.prune(live);
        }
    }

    @Override
    public List<ListedDevice> list() {
        boolean trailer = kernelVersion().minor() >= NAME_LIST_TRAILER_MINOR;
        return control.call(CommandSpec.LIST_DEVICES, null, DmFlags.UUID, 0, 0, ControlDevice.Request.NONE,
                buffer -> ListCodec.readDevices(buffer, IOCTL_SIZE, HeaderCodec.dataSize(buffer), trailer), null, false);
    }

    @Override
    public DeviceInfo create(DeviceName name, CreateOptions createOptions) {
        int flags = createOptions.minor().isPresent() ? DmFlags.PERSISTENT_DEV : 0;
        DeviceRef ref = DeviceRef.name(name);
        return control.call(CommandSpec.DEV_CREATE, ref, flags, 0, 0, buffer -> {
            createOptions.uuid().ifPresent(u -> HeaderCodec.writeUuid(buffer, u.value()));
            if (createOptions.minor().isPresent()) {
                // the kernel takes only the minor; the major is always device-mapper's
                HeaderCodec.writeDev(buffer, DeviceNumber.of(0, createOptions.minor().getAsInt()).encode());
            }
        }, HeaderCodec::readInfo, () -> describeCreate(createOptions), false);
    }

    private static String describeCreate(CreateOptions o) {
        return "uuid=" + o.uuid().map(DeviceUuid::value).orElse("(none)")
                + (o.minor().isPresent() ? " minor=" + o.minor().getAsInt() : "");
    }

    @Override
    public RemoveOutcome remove(DeviceRef device, RemoveOptions removeOptions) {
        int flags = removeOptions.deferred() ? DmFlags.DEFERRED_REMOVE : 0;
        int triesLeft = removeOptions.busyRetries();
        while (true) {
            try {
                int[] outFlags = new int[1];
                DeviceInfo reply = control.call(CommandSpec.DEV_REMOVE, device, flags, cookie(), 0, ControlDevice.Request.NONE,
                        buffer -> {
                            outFlags[0] = HeaderCodec.flags(buffer);
                            return HeaderCodec.readInfo(buffer);
                        }, null, false);
                if ((outFlags[0] & DmFlags.DEFERRED_REMOVE) != 0) {
                    return RemoveOutcome.DEFERRED;
                }
                nodes.removed(reply.name());
                return RemoveOutcome.REMOVED;
            } catch (DeviceBusyException busy) {
                if (triesLeft-- <= 0) {
                    throw busy;
                }
                pause(removeOptions.retryDelay(), busy);
            }
        }
    }

    private static void pause(Duration delay, DeviceMapperException cause) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }

    @Override
    public DeviceInfo rename(DeviceName from, DeviceName to) {
        byte[] newName = to.value().getBytes(StandardCharsets.UTF_8);
        DeviceInfo info = control.call(CommandSpec.DEV_RENAME, DeviceRef.name(from), 0, cookie(), newName.length + 1,
                buffer -> CStrings.write(buffer, IOCTL_SIZE, newName), HeaderCodec::readInfo,
                () -> "new name '" + to + "'", false);
        // The kernel echoes the header it looked the device up with, i.e. the old name.
        DeviceInfo renamed = new DeviceInfo(to, info.uuid(), info.number(), info.openCount(), info.eventNr(),
                info.targetCount(), info.flags());
        nodes.renamed(from, renamed);
        return renamed;
    }

    @Override
    public DeviceInfo setUuid(DeviceName name, DeviceUuid uuid) {
        byte[] newUuid = uuid.value().getBytes(StandardCharsets.UTF_8);
        DeviceInfo info = control.call(CommandSpec.DEV_RENAME, DeviceRef.name(name), DmFlags.UUID, cookie(),
                newUuid.length + 1, buffer -> CStrings.write(buffer, IOCTL_SIZE, newUuid), HeaderCodec::readInfo,
                () -> "new uuid '" + uuid + "' (a uuid can be set only once)", false);
        // As for a rename, the reply carries the uuid from before the call.
        return new DeviceInfo(info.name(), Optional.of(uuid), info.number(), info.openCount(), info.eventNr(),
                info.targetCount(), info.flags());
    }

    private static int suspendFlags(SuspendOptions o) {
        return (o.noFlush() ? DmFlags.NOFLUSH : 0) | (o.skipLockfs() ? DmFlags.SKIP_LOCKFS : 0);
    }

    @Override
    public DeviceInfo suspend(DeviceRef device, SuspendOptions suspendOptions) {
        return control.call(CommandSpec.DEV_SUSPEND, device, DmFlags.SUSPEND | suspendFlags(suspendOptions), 0, 0,
                ControlDevice.Request.NONE, HeaderCodec::readInfo, null, false);
    }

    @Override
    public DeviceInfo resume(DeviceRef device, SuspendOptions suspendOptions) {
        DeviceInfo info = control.call(CommandSpec.DEV_SUSPEND, device, suspendFlags(suspendOptions), cookie(), 0,
                ControlDevice.Request.NONE, HeaderCodec::readInfo, null, false);
        if (info.hasLiveTable()) {
            nodes.added(info);
        }
        return info;
    }

    @Override
    public DeviceInfo info(DeviceRef device) {
        return control.call(CommandSpec.DEV_STATUS, device, 0, 0, 0, ControlDevice.Request.NONE,
                HeaderCodec::readInfo, null, false);
    }

    private static int queryFlags(QueryOptions o) {
        return (o.inactiveTable() ? DmFlags.QUERY_INACTIVE_TABLE : 0) | (o.noFlush() ? DmFlags.NOFLUSH : 0);
    }

    private static StatusReport readStatus(MemorySegment buffer) {
        return new StatusReport(HeaderCodec.readInfo(buffer),
                TableCodec.read(buffer, IOCTL_SIZE, HeaderCodec.targetCount(buffer), HeaderCodec.dataSize(buffer)));
    }

    @Override
    public StatusReport waitEvent(DeviceRef device, long eventNr, QueryOptions queryOptions) {
        if (eventNr < 0 || eventNr > 0xffffffffL) {
            throw new InvalidInputException("event number must be an unsigned 32-bit value, got " + eventNr);
        }
        return control.call(CommandSpec.DEV_WAIT, device, queryFlags(queryOptions), (int) eventNr, 0,
                ControlDevice.Request.NONE, IoctlDeviceMapper::readStatus, null, false);
    }

    @Override
    public DeviceInfo load(DeviceRef device, Table table, LoadOptions loadOptions) {
        if (table.isEmpty()) {
            throw new InvalidInputException("cannot load an empty table into " + device + ": the kernel needs at least one target");
        }
        TableCodec.Encoded encoded = TableCodec.encode(table);
        int flags = loadOptions.readOnly() ? DmFlags.READONLY : 0;
        // key material is secure data whatever the caller said: the kernel and we wipe our copies
        boolean secure = loadOptions.secureData() || table.holdsKeyMaterial();
        try {
            return control.call(CommandSpec.TABLE_LOAD, device, flags, 0, encoded.size(), buffer -> {
                buffer.set(java.lang.foreign.ValueLayout.JAVA_INT, DmStructs.IOCTL_TARGET_COUNT, table.lines().size());
                TableCodec.write(buffer, IOCTL_SIZE, encoded);
            }, HeaderCodec::readInfo, () -> TableCodec.describe(table, secure), secure);
        } finally {
            if (secure) {
                encoded.wipe();
            }
        }
    }

    @Override
    public DeviceInfo clear(DeviceRef device) {
        return control.call(CommandSpec.TABLE_CLEAR, device, 0, 0, 0, ControlDevice.Request.NONE,
                HeaderCodec::readInfo, null, false);
    }

    @Override
    public Dependencies deps(DeviceRef device, QueryOptions queryOptions) {
        return control.call(CommandSpec.TABLE_DEPS, device, queryFlags(queryOptions), 0, 0, ControlDevice.Request.NONE,
                buffer -> new Dependencies(HeaderCodec.readInfo(buffer),
                        ListCodec.readDeps(buffer, IOCTL_SIZE, HeaderCodec.dataSize(buffer))), null, false);
    }

    @Override
    public StatusReport status(DeviceRef device, QueryOptions queryOptions) {
        return control.call(CommandSpec.TABLE_STATUS, device, queryFlags(queryOptions), 0, 0, ControlDevice.Request.NONE,
                IoctlDeviceMapper::readStatus, null, false);
    }

    @Override
    public TableReport table(DeviceRef device, QueryOptions queryOptions) {
        // secure: a crypt table comes back with its key, so the kernel and we wipe the reply buffers
        return control.call(CommandSpec.TABLE_STATUS, device, DmFlags.STATUS_TABLE | queryFlags(queryOptions), 0, 0,
                ControlDevice.Request.NONE, buffer -> new TableReport(HeaderCodec.readInfo(buffer), new Table(
                        TableCodec.readLines(buffer, IOCTL_SIZE, HeaderCodec.targetCount(buffer), HeaderCodec.dataSize(buffer)))),
                null, true);
    }

    @Override
    public List<TargetVersion> targetVersions() {
        return control.call(CommandSpec.LIST_VERSIONS, null, 0, 0, 0, ControlDevice.Request.NONE,
                buffer -> ListCodec.readVersions(buffer, IOCTL_SIZE, HeaderCodec.dataSize(buffer)), null, false);
    }

    @Override
    public TargetVersion targetVersion(String targetType) {
        TableLine.checkType(targetType);
        List<TargetVersion> one = control.call(CommandSpec.GET_TARGET_VERSION, null, 0, 0, 0,
                buffer -> HeaderCodec.writeName(buffer, targetType),
                buffer -> ListCodec.readVersions(buffer, IOCTL_SIZE, HeaderCodec.dataSize(buffer)),
                () -> "target type '" + targetType + "' (EINVAL: no such target type, or its module cannot be loaded)", false);
        if (one.isEmpty()) {
            throw new IllegalStateException("DM_GET_TARGET_VERSION for '" + targetType + "' returned no version");
        }
        return one.getFirst();
    }

    @Override
    public Optional<String> message(DeviceRef device, long sector, String message) {
        if (sector < 0) {
            throw new InvalidInputException("message sector must not be negative: " + sector);
        }
        if (message.isBlank()) {
            throw new InvalidInputException("message to " + device + " must not be empty");
        }
        if (message.indexOf('\0') >= 0) {
            throw new InvalidInputException("message to " + device + " must not contain NUL");
        }
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return control.call(CommandSpec.TARGET_MSG, device, 0, 0, 8 + text.length + 1, buffer -> {
            buffer.set(JAVA_LONG, IOCTL_SIZE + DmStructs.MSG_SECTOR, sector);
            CStrings.write(buffer, IOCTL_SIZE + DmStructs.MSG_MESSAGE, text);
        }, buffer -> (HeaderCodec.flags(buffer) & DmFlags.DATA_OUT) == 0
                ? Optional.<String>empty()
                : Optional.of(CStrings.read(buffer, IOCTL_SIZE, HeaderCodec.dataSize(buffer) - IOCTL_SIZE)),
                () -> "sector " + sector + " message '" + message + "'", false);
    }

    @Override
    public DeviceInfo setGeometry(DeviceRef device, Geometry geometry) {
        byte[] text = geometry.format().getBytes(StandardCharsets.US_ASCII);
        return control.call(CommandSpec.DEV_SET_GEOMETRY, device, 0, 0, text.length + 1,
                buffer -> CStrings.write(buffer, IOCTL_SIZE, text), HeaderCodec::readInfo,
                () -> "geometry '" + geometry.format() + "'", false);
    }

    @Override
    public EventWatcher watchEvents() {
        return new IoctlEventWatcher(control.reopen());
    }

    @Override
    public Path devicePath(DeviceInfo device) {
        Path named = nodes.mapperPath(device.name());
        if (device.number().equals(DeviceNodes.rdev(named))) {
            return named;
        }
        return nodes.kernelPath(device.number());
    }

    /** Whether this instance makes {@code /dev/mapper/NAME} itself (see {@link io.jdm.api.NodePolicy}). */
    public boolean managesNodes() {
        return nodes.managed();
    }

    @Override
    public void close() {
        control.close();
    }

    @Override
    public String toString() {
        return "IoctlDeviceMapper[" + control.path() + ", interface " + control.kernelVersion()
                + (control.isClosed() ? ", closed" : "") + "]";
    }
}
