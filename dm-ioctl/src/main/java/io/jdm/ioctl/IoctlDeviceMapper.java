package io.jdm.ioctl;

import io.jdm.api.CreateOptions;
import io.jdm.api.Dependencies;
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
import io.jdm.api.internal.MessageText;
import io.jdm.api.internal.RequestChecks;
import io.jdm.ioctl.internal.BadReply;
import io.jdm.ioctl.internal.CStrings;
import io.jdm.ioctl.internal.CommandSpec;
import io.jdm.ioctl.internal.ControlDevice;
import io.jdm.ioctl.internal.DeviceNodes;
import io.jdm.ioctl.internal.DmFlags;
import io.jdm.ioctl.internal.DmStructs;
import io.jdm.ioctl.internal.HeaderCodec;
import io.jdm.ioctl.internal.ListCodec;
import io.jdm.ioctl.internal.Request;
import io.jdm.ioctl.internal.TableCodec;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.jdm.ioctl.internal.DmStructs.IOCTL_SIZE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
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

    /**
     * Over a given control device: the seam for a simulated kernel ({@link ControlDevice#simulated}), as
     * dm-ioctl's unit tests and dm-bench's replayed replies use it. Not for applications.
     */
    public static IoctlDeviceMapper over(ControlDevice control, DeviceMapperOptions options) {
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
        return control.call(Request.of(CommandSpec.VERSION, null, HeaderCodec::version));
    }

    @Override
    public void removeAll(boolean deferred) {
        control.call(Request.of(CommandSpec.REMOVE_ALL, null, deferred ? DmFlags.DEFERRED_REMOVE : 0, buffer -> null));
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
        return control.call(Request.of(CommandSpec.LIST_DEVICES, null, DmFlags.UUID,
                buffer -> ListCodec.readDevices(buffer, IOCTL_SIZE, HeaderCodec.dataSize(buffer), trailer)));
    }

    @Override
    public DeviceInfo create(DeviceName name, CreateOptions createOptions) {
        int flags = createOptions.minor().isPresent() ? DmFlags.PERSISTENT_DEV : 0;
        DeviceRef ref = DeviceRef.name(name);
        createOptions.uuid().ifPresent(DeviceUuid::requireExact);
        return control.call(Request.of(CommandSpec.DEV_CREATE, ref, flags, HeaderCodec::readInfo).withData(0, buffer -> {
            createOptions.uuid().ifPresent(u -> HeaderCodec.writeUuid(buffer, u.value()));
            if (createOptions.minor().isPresent()) {
                // the kernel takes only the minor; the major is always device-mapper's
                HeaderCodec.writeDev(buffer, DeviceNumber.of(0, createOptions.minor().getAsInt()).encode());
            }
        }, () -> describeCreate(createOptions)));
    }

    private static String describeCreate(CreateOptions o) {
        return "uuid=" + o.uuid().map(DeviceUuid::value).orElse("(none)")
                + (o.minor().isPresent() ? " minor=" + o.minor().getAsInt() : "");
    }

    @Override
    public RemoveOutcome remove(DeviceRef device, RemoveOptions removeOptions) {
        int flags = removeOptions.deferred() ? DmFlags.DEFERRED_REMOVE : 0;
        return RequestChecks.retryWhileBusy(removeOptions, () -> {
            // Once the kernel has answered 0 the device is gone (or marked): nothing read from the reply may
            // fail after that, so only the flags and the name (for the node) are read, neither checked.
            Removed removed = control.call(Request.of(CommandSpec.DEV_REMOVE, device, flags, Removed::read).withCookie(cookie()));
            if (removed.deferred()) {
                return RemoveOutcome.DEFERRED;
            }
            nodes.removed(removed.name(), number -> carries(number, removed.name()));
            return RemoveOutcome.REMOVED;
        });
    }

    /** Whether the device {@code number} exists now under {@code name}; never throws (the remove already happened). */
    private boolean carries(DeviceNumber number, DeviceName name) {
        try {
            return number.encode() != 0 && info(DeviceRef.number(number)).name().equals(name);
        } catch (DeviceMapperException gone) {
            return false;
        }
    }

    /** What a remove's reply says: whether the removal was deferred, and the device's name (null if none). */
    private record Removed(boolean deferred, DeviceName name) {
        static Removed read(MemorySegment buffer) {
            String name = CStrings.read(buffer, DmStructs.IOCTL_NAME, DmStructs.NAME_LEN);
            DeviceName named = null;
            try {
                named = name.isEmpty() ? null : new DeviceName(name);
            } catch (InvalidInputException notAName) {
                // not a name the kernel could hold; there is then no node of ours to remove
            }
            return new Removed((HeaderCodec.flags(buffer) & DmFlags.DEFERRED_REMOVE) != 0, named);
        }
    }


    @Override
    public DeviceInfo rename(DeviceName from, DeviceName to) {
        byte[] newName = to.requireExact().value().getBytes(StandardCharsets.UTF_8);
        DeviceInfo info = control.call(Request.of(CommandSpec.DEV_RENAME, DeviceRef.name(from), HeaderCodec::readInfo)
                .withCookie(cookie())
                .withData(newName.length + 1, buffer -> CStrings.write(buffer, IOCTL_SIZE, newName), () -> "new name '" + to + "'"));
        // The kernel echoes the header it looked the device up with, i.e. the old name.
        DeviceInfo renamed = new DeviceInfo(to, info.uuid(), info.number(), info.openCount(), info.eventNr(),
                info.targetCount(), info.flags());
        nodes.renamed(from, renamed);
        return renamed;
    }

    @Override
    public DeviceInfo setUuid(DeviceName name, DeviceUuid uuid) {
        byte[] newUuid = uuid.requireExact().value().getBytes(StandardCharsets.UTF_8);
        DeviceInfo info = control.call(Request.of(CommandSpec.DEV_RENAME, DeviceRef.name(name), DmFlags.UUID, HeaderCodec::readInfo)
                .withCookie(cookie())
                .withData(newUuid.length + 1, buffer -> CStrings.write(buffer, IOCTL_SIZE, newUuid),
                        () -> "new uuid '" + uuid + "' (a uuid can be set only once)"));
        // As for a rename, the reply carries the uuid from before the call.
        return new DeviceInfo(info.name(), Optional.of(uuid), info.number(), info.openCount(), info.eventNr(),
                info.targetCount(), info.flags());
    }

    private static int suspendFlags(SuspendOptions o) {
        return (o.noFlush() ? DmFlags.NOFLUSH : 0) | (o.skipLockfs() ? DmFlags.SKIP_LOCKFS : 0);
    }

    @Override
    public DeviceInfo suspend(DeviceRef device, SuspendOptions suspendOptions) {
        return control.call(Request.of(CommandSpec.DEV_SUSPEND, device, DmFlags.SUSPEND | suspendFlags(suspendOptions),
                HeaderCodec::readInfo));
    }

    @Override
    public DeviceInfo resume(DeviceRef device, SuspendOptions suspendOptions) {
        DeviceInfo info = control.call(Request.of(CommandSpec.DEV_SUSPEND, device, suspendFlags(suspendOptions),
                HeaderCodec::readInfo).withCookie(cookie()));
        if (info.hasLiveTable()) {
            nodes.added(info);
        }
        return info;
    }

    @Override
    public DeviceInfo info(DeviceRef device) {
        return control.call(Request.of(CommandSpec.DEV_STATUS, device, HeaderCodec::readInfo));
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
        return control.call(Request.of(CommandSpec.DEV_WAIT, device, queryFlags(queryOptions), IoctlDeviceMapper::readStatus)
                .withEventNr(eventNr));
    }

    @Override
    public DeviceInfo load(DeviceRef device, Table table, LoadOptions loadOptions) {
        RequestChecks.requireTargets(device, table);
        TableCodec.Encoded encoded = TableCodec.encode(table);
        int flags = loadOptions.readOnly() ? DmFlags.READONLY : 0;
        // key material is secure data whatever the caller said: the kernel and we wipe our copies
        boolean secure = loadOptions.secureData() || table.holdsKeyMaterial();
        try {
            return control.call(Request.of(CommandSpec.TABLE_LOAD, device, flags, HeaderCodec::readInfo).withData(encoded.size(), buffer -> {
                buffer.set(JAVA_INT, DmStructs.IOCTL_TARGET_COUNT, table.lines().size());
                TableCodec.write(buffer, IOCTL_SIZE, encoded);
            }, () -> TableCodec.describe(table, secure)).withSecure(secure));
        } finally {
            if (secure) {
                encoded.wipe();
            }
        }
    }

    @Override
    public DeviceInfo clear(DeviceRef device) {
        return control.call(Request.of(CommandSpec.TABLE_CLEAR, device, HeaderCodec::readInfo));
    }

    @Override
    public Dependencies deps(DeviceRef device, QueryOptions queryOptions) {
        return control.call(Request.of(CommandSpec.TABLE_DEPS, device, queryFlags(queryOptions),
                buffer -> new Dependencies(HeaderCodec.readInfo(buffer),
                        ListCodec.readDeps(buffer, IOCTL_SIZE, HeaderCodec.dataSize(buffer)))));
    }

    @Override
    public StatusReport status(DeviceRef device, QueryOptions queryOptions) {
        return control.call(Request.of(CommandSpec.TABLE_STATUS, device, queryFlags(queryOptions), IoctlDeviceMapper::readStatus));
    }

    @Override
    public TableReport table(DeviceRef device, QueryOptions queryOptions) {
        // secure: a crypt table comes back with its key, so the kernel and we wipe the reply buffers
        return control.call(Request.of(CommandSpec.TABLE_STATUS, device, DmFlags.STATUS_TABLE | queryFlags(queryOptions),
                IoctlDeviceMapper::readTable).withSecure(true));
    }

    private static TableReport readTable(MemorySegment buffer) {
        return new TableReport(HeaderCodec.readInfo(buffer), new Table(
                TableCodec.readLines(buffer, IOCTL_SIZE, HeaderCodec.targetCount(buffer), HeaderCodec.dataSize(buffer))));
    }

    @Override
    public List<TargetVersion> targetVersions() {
        return control.call(Request.of(CommandSpec.LIST_VERSIONS, null, IoctlDeviceMapper::readVersions));
    }

    private static List<TargetVersion> readVersions(MemorySegment buffer) {
        return ListCodec.readVersions(buffer, IOCTL_SIZE, HeaderCodec.dataSize(buffer));
    }

    private static TargetVersion readOneVersion(MemorySegment buffer) {
        List<TargetVersion> one = readVersions(buffer);
        if (one.isEmpty()) {
            throw BadReply.malformed("the reply holds no target version");
        }
        return one.getFirst();
    }

    @Override
    public TargetVersion targetVersion(String targetType) {
        TableLine.checkType(targetType);
        return control.call(Request.of(CommandSpec.GET_TARGET_VERSION, null, IoctlDeviceMapper::readOneVersion)
                .withData(0, buffer -> HeaderCodec.writeName(buffer, targetType),
                        () -> "target type '" + targetType + "' (EINVAL: no such target type, or its module cannot be loaded)"));
    }

    @Override
    public Optional<String> message(DeviceRef device, long sector, String message) {
        RequestChecks.requireSendableMessage(device, sector, message);
        // written straight from the String, backslashes doubled: no array holds a key a message may carry
        int textBytes = CStrings.escapedLength(message);
        return control.call(Request.of(CommandSpec.TARGET_MSG, device, IoctlDeviceMapper::readMessageReply)
                .withData((int) DmStructs.MSG_MESSAGE + textBytes + 1, buffer -> {
                    buffer.set(JAVA_LONG, IOCTL_SIZE + DmStructs.MSG_SECTOR, sector);
                    CStrings.writeEscaped(buffer, IOCTL_SIZE + DmStructs.MSG_MESSAGE, message);
                }, () -> "sector " + sector + " message '" + MessageText.shown(message) + "'")
                .withSecure(MessageText.holdsKeyMaterial(message)));
    }

    /** A target's answer to a message: the NUL-terminated text at 312 when DM_DATA_OUT_FLAG says there is one. */
    private static Optional<String> readMessageReply(MemorySegment buffer) {
        if ((HeaderCodec.flags(buffer) & DmFlags.DATA_OUT) == 0) {
            return Optional.empty();
        }
        int end = HeaderCodec.dataSize(buffer);
        long length = end > IOCTL_SIZE ? CStrings.length(buffer, IOCTL_SIZE, end) : -1;
        if (length < 0) {
            throw BadReply.malformed("the message's reply is not terminated within the reply's " + end + " bytes");
        }
        return Optional.of(CStrings.read(buffer, IOCTL_SIZE, length));
    }

    @Override
    public DeviceInfo setGeometry(DeviceRef device, Geometry geometry) {
        byte[] text = geometry.format().getBytes(StandardCharsets.US_ASCII);
        // the kernel copies nothing back (data_size 0): the buffer still holds the request, so read the device after
        control.call(Request.<Void>of(CommandSpec.DEV_SET_GEOMETRY, device, buffer -> null)
                .withData(text.length + 1, buffer -> CStrings.write(buffer, IOCTL_SIZE, text), () -> "geometry '" + geometry.format() + "'"));
        return info(device);
    }

    @Override
    public EventWatcher watchEvents() {
        return new IoctlEventWatcher(control.reopen());
    }

    @Override
    public Path devicePath(DeviceInfo device) {
        Path named = nodes.mapperPath(device.name());
        if (named != null && device.number().equals(DeviceNodes.rdev(named))) {
            return named;
        }
        return nodes.kernelPath(device.number());
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
