package io.jdm.testkit.fake;

import io.jdm.api.Command;
import io.jdm.api.DeviceFlag;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.DeviceUuid;
import io.jdm.api.Errno;
import io.jdm.api.Geometry;
import io.jdm.api.KernelException;
import io.jdm.api.ListedDevice;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.api.TargetStatus;
import io.jdm.api.internal.KernelWords;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The fake kernel's device-mapper core: the name and uuid hashes, the devices and their tables, open
 * counts, suspend and resume, events, and the per-command rules of {@code dm-ioctl.c}. One lock guards
 * everything; waits release it.
 */
final class DmCore {
    /** Interface minor from which {@code DM_LIST_DEVICES} carries each device's event number. */
    private static final int LIST_EVENT_NR_MINOR = 38;
    private static final int LOOP_MAJOR = 7;

    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    final FakeKernel.Options options;

    private final NavigableMap<String, Mapped> byName = new TreeMap<>(DmCore::compareBytes);
    private final Map<String, Mapped> byUuid = new HashMap<>();
    private final NavigableMap<Integer, Mapped> byMinor = new TreeMap<>();
    private final Map<DeviceNumber, Disk> disks = new LinkedHashMap<>();
    /** Thin-pool metadata, kept where it lives: on its metadata device (through linear devices, on the disk). */
    private final Map<MetadataKey, ThinMetadata> metadata = new HashMap<>();
    final List<Pool> pools = new ArrayList<>();
    long globalEvents;
    final List<FakeKernel.Call> calls = new ArrayList<>();
    final List<FakeKernel.Fault> faults = new ArrayList<>();

    /** Where a pool's metadata lives: the device under any linear devices, and the offset on it. */
    private record MetadataKey(BlockDevice device, long offset) {
    }

    /** What a command does once it is accepted; may refuse with the kernel's errno. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws Refusal;
    }

    DmCore(FakeKernel.Options options) {
        this.options = options;
    }

    /** The kernel's rb-tree order: names compared as bytes. */
    private static int compareBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    // ---- running a command -----------------------------------------------------------------------

    /**
     * Runs one command under the lock: an injected fault first, then the action; the journal records
     * the outcome, a refusal becomes the exception the real binding throws, and devices marked for
     * deferred removal that nobody holds any more are removed afterwards.
     */
    <T> T run(Command command, DeviceRef device, String detail, Supplier<String> sent, Action<T> action) {
        lock.lock();
        try {
            FakeKernel.Fault fault = takeFault(command, device, detail);
            if (fault != null) {
                calls.add(new FakeKernel.Call(command, Optional.ofNullable(device), detail, fault.errno().number()));
                throw KernelException.of(command, device, fault.errno().number(), sent == null ? null : sent.get());
            }
            try {
                T result = action.run();
                calls.add(new FakeKernel.Call(command, Optional.ofNullable(device), detail, 0));
                return result;
            } catch (Refusal r) {
                calls.add(new FakeKernel.Call(command, Optional.ofNullable(device), detail, r.errno));
                throw KernelException.of(command, device, r.errno, sent == null ? null : sent.get());
            } finally {
                removeIdleDeferred();
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private FakeKernel.Fault takeFault(Command command, DeviceRef device, String detail) {
        for (int i = 0; i < faults.size(); i++) {
            FakeKernel.Fault f = faults.get(i);
            if (f.command() == command && f.matchesDetail(detail) && f.device().map(n -> n.equals(nameOf(device))).orElse(true)) {
                return faults.remove(i);
            }
        }
        return null;
    }

    /** The current name of the device {@code ref} names, or the name it gives when there is no such device. */
    private DeviceName nameOf(DeviceRef ref) {
        Mapped m = ref == null ? null : lookup(ref);
        if (m != null) {
            return new DeviceName(m.name);
        }
        return ref instanceof DeviceRef.ByName n ? n.name() : null;
    }

    // ---- lookup and state ------------------------------------------------------------------------

    private Mapped lookup(DeviceRef ref) {
        return switch (ref) {
            case DeviceRef.ByName n -> byName.get(n.name().value());
            case DeviceRef.ByUuid u -> byUuid.get(u.uuid().value());
            case DeviceRef.ByNumber d -> d.number().major() == options.major() ? byMinor.get(d.number().minor()) : null;
        };
    }

    Mapped find(DeviceRef ref) throws Refusal {
        Mapped m = lookup(ref);
        if (m == null) {
            throw Refusal.of(Errno.ENXIO, "no such device");
        }
        return m;
    }

    /** {@code __dev_status}, plus the inactive-table flag the lookup sets and the uevent flag some commands add. */
    DeviceInfo info(Mapped m, boolean queryInactive, boolean inactiveFlag, boolean uevent) {
        Set<DeviceFlag> flags = EnumSet.noneOf(DeviceFlag.class);
        if (m.suspended) {
            flags.add(DeviceFlag.SUSPENDED);
        }
        if (m.internalSuspends > 0) {
            flags.add(DeviceFlag.INTERNAL_SUSPEND);
        }
        if (m.deferredRemove) {
            flags.add(DeviceFlag.DEFERRED_REMOVE);
        }
        int targets = 0;
        if (m.live != null) {
            if (!queryInactive) {
                if (m.readOnly) {
                    flags.add(DeviceFlag.READ_ONLY);
                }
                targets = m.live.targets.size();
            }
            flags.add(DeviceFlag.LIVE_TABLE);
        }
        if (queryInactive && m.inactive != null) {
            if (m.inactive.readOnly) {
                flags.add(DeviceFlag.READ_ONLY);
            }
            targets = m.inactive.targets.size();
        }
        if (inactiveFlag) {
            flags.add(DeviceFlag.INACTIVE_TABLE);
        }
        if (uevent) {
            flags.add(DeviceFlag.UEVENT_GENERATED);
        }
        return new DeviceInfo(new DeviceName(m.name), Optional.ofNullable(m.uuid).map(DeviceUuid::new), m.number,
                m.openCount(), m.eventNr, targets, flags);
    }

    /** The usual reply: the live table's view, and whether an inactive table was there at lookup. */
    DeviceInfo info(Mapped m) {
        return info(m, false, m.inactive != null, false);
    }

    void globalEvent() {
        globalEvents++;
        changed.signalAll();
    }

    /** {@code dm_table_event}: the device's event counter moves (an unsigned 32-bit value), and so does the global one. */
    void tableEvent(Mapped m) {
        m.eventNr = (m.eventNr + 1) & 0xffff_ffffL;
        globalEvent();
    }

    // ---- disks and device arguments ----------------------------------------------------------------

    DeviceNumber addDisk(long sectors) {
        int minor = 0;
        while (disks.containsKey(DeviceNumber.of(LOOP_MAJOR, minor))) {
            minor++;
        }
        DeviceNumber number = DeviceNumber.of(LOOP_MAJOR, minor);
        disks.put(number, new Disk(number, sectors));
        return number;
    }

    /**
     * {@code dm_get_device}: {@code major:minor}, or a path the fake knows ({@code /dev/loopN} for its
     * disks, {@code /dev/dm-N} and {@code /dev/mapper/NAME} for its devices). A number nothing answers
     * to is ENXIO (so is a device-mapper device before its first load), an unknown path ENODEV. Linux
     * 6.1 lets a table map onto its own device, which then holds itself open.
     */
    BlockDevice resolveDeviceArgument(String arg) throws Refusal {
        BlockDevice device;
        int colon = arg.indexOf(':');
        long major = colon > 0 ? KernelNumbers.scanU64(arg.substring(0, colon)) : -1;
        long minor = colon > 0 ? KernelNumbers.scanU64(arg.substring(colon + 1)) : -1;
        if (major >= 0 && minor >= 0 && major <= KernelNumbers.U32_MAX && minor <= KernelNumbers.U32_MAX) {
            if (major > DeviceNumber.MAX_MAJOR || minor > DeviceNumber.MAX_MINOR) {
                throw Refusal.of(Errno.EOVERFLOW, "device number out of range");
            }
            device = byNumber(DeviceNumber.of((int) major, (int) minor));
            if (device == null) {
                throw Refusal.of(Errno.ENXIO, "no block device " + arg);
            }
        } else {
            device = byPath(arg);
            if (device == null) {
                throw Refusal.of(Errno.ENODEV, "no block device at " + arg);
            }
        }
        return device;
    }

    private BlockDevice byNumber(DeviceNumber number) {
        Disk disk = disks.get(number);
        if (disk != null) {
            return disk;
        }
        Mapped m = number.major() == options.major() ? byMinor.get(number.minor()) : null;
        return m != null && m.diskAdded ? m : null;
    }

    private BlockDevice byPath(String path) {
        String number = path.startsWith("/dev/loop") ? path.substring("/dev/loop".length())
                : path.startsWith("/dev/dm-") ? path.substring("/dev/dm-".length()) : null;
        if (number != null) {
            long minor = KernelNumbers.scanU64(number);
            if (minor < 0 || minor > DeviceNumber.MAX_MINOR) {
                return null;
            }
            return byNumber(DeviceNumber.of(path.startsWith("/dev/loop") ? LOOP_MAJOR : options.major(), (int) minor));
        }
        if (path.startsWith("/dev/mapper/")) {
            Mapped m = byName.get(path.substring("/dev/mapper/".length()));
            return m != null && m.live != null ? m : null; // the node appears when the device goes live
        }
        return null;
    }

    // ---- thin-pool objects and their metadata ------------------------------------------------------

    Pool poolOf(Mapped device) {
        return pools.stream().filter(p -> p.device == device).findFirst().orElse(null);
    }

    Pool poolWithMetadata(BlockDevice metadataDevice) {
        return pools.stream().filter(p -> p.metadataDevice == metadataDevice).findFirst().orElse(null);
    }

    private MetadataKey metadataKey(BlockDevice device) {
        long offset = 0;
        while (device instanceof Mapped m && m.live != null && m.live.targets.size() == 1
                && m.live.targets.getFirst().model() instanceof SimpleTargets.Linear linear) {
            offset += linear.offset();
            device = linear.device();
        }
        return new MetadataKey(device, offset);
    }

    /**
     * Opens the pool metadata on {@code device}: unformatted metadata is formatted, unless the pool is to
     * be read-only (EPERM); formatted metadata keeps its block size (EINVAL for another).
     */
    ThinMetadata openMetadata(BlockDevice device, long blockSize, boolean mayFormat) throws Refusal {
        ThinMetadata md = metadata.get(metadataKey(device));
        if (md == null) {
            if (!mayFormat) {
                throw Refusal.of(Errno.EPERM, "unformatted metadata cannot be opened read-only");
            }
            return ThinMetadata.format(blockSize, device.sectors());
        }
        if (md.blockSize != blockSize) {
            throw Refusal.of(Errno.EINVAL, "changing the data block size is not supported");
        }
        return md;
    }

    void storeMetadata(BlockDevice device, ThinMetadata md) {
        metadata.put(metadataKey(device), md);
    }

    /** A write over a metadata superblock on a disk unformats it, as zeroing the first 4 KiB does (unless a pool has it open). */
    private void overwroteDisk(Disk disk, long sector, long sectors) {
        metadata.entrySet().removeIf(e -> e.getKey().device().equals(disk)
                && e.getKey().offset() < sector + sectors && sector < e.getKey().offset() + ThinMetadata.METADATA_BLOCK_SECTORS
                && pools.stream().noneMatch(p -> p.metadata == e.getValue()));
    }

    // ---- DM_DEV_CREATE, DM_DEV_REMOVE, DM_REMOVE_ALL, DM_DEV_RENAME --------------------------------

    /** {@code dev_create}: a busy persistent minor is ENXIO (checked first), a taken name or uuid EBUSY. */
    DeviceInfo create(DeviceName name, Optional<DeviceUuid> uuid, OptionalInt minor) throws Refusal {
        int number;
        if (minor.isPresent()) {
            number = minor.getAsInt();
            if (byMinor.containsKey(number)) {
                throw Refusal.of(Errno.ENXIO, "minor " + number + " is taken");
            }
        } else {
            number = 0;
            while (byMinor.containsKey(number)) {
                number++;
            }
        }
        if (byName.containsKey(name.value()) || uuid.map(u -> byUuid.containsKey(u.value())).orElse(false)) {
            throw Refusal.of(Errno.EBUSY, "name or uuid taken");
        }
        Mapped m = new Mapped(name.value(), uuid.map(DeviceUuid::value).orElse(null), DeviceNumber.of(options.major(), number));
        byName.put(m.name, m);
        byMinor.put(number, m);
        if (m.uuid != null) {
            byUuid.put(m.uuid, m);
        }
        globalEvent();
        return info(m);
    }

    /** {@code dev_remove}: EBUSY while open, or marked for removal at the last close when deferred is asked for. */
    boolean remove(Mapped m, boolean deferred) throws Refusal {
        if (m.openCount() > 0) {
            if (!deferred) {
                throw Refusal.of(Errno.EBUSY, "device is open");
            }
            m.deferredRemove = true;
            globalEvent();
            return true;
        }
        destroy(m);
        globalEvent();
        return false;
    }

    /** {@code dm_hash_remove_all}: removes every device nobody holds, again and again while that frees others. */
    void removeAll(boolean markDeferred) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Mapped m : List.copyOf(byName.values())) {
                if (m.openCount() > 0) {
                    m.deferredRemove |= markDeferred;
                    continue;
                }
                destroy(m);
                progress = true;
                break;
            }
        }
        globalEvent();
    }

    /** {@code __hash_remove} and {@code dm_destroy}: a live table sees a last event, is suspended and destroyed. */
    private void destroy(Mapped m) {
        byName.remove(m.name);
        byMinor.remove(m.number.minor());
        if (m.uuid != null) {
            byUuid.remove(m.uuid);
        }
        if (m.live != null) {
            tableEvent(m);
        }
        if (m.inactive != null) {
            destroy(m.inactive);
            m.inactive = null;
        }
        if (m.live != null) {
            if (!m.suspended) {
                m.live.targets.forEach(t -> t.model().presuspend());
                m.suspended = true;
                m.live.targets.forEach(t -> t.model().postsuspend());
            }
            destroy(m.live);
            m.live = null;
        }
        m.removed = true;
    }

    /** What the kernel's deferred-remove work does once the last holder of a marked device lets go. */
    void removeIdleDeferred() {
        boolean again = true;
        while (again) {
            again = false;
            for (Mapped m : List.copyOf(byName.values())) {
                if (m.deferredRemove && m.openCount() == 0) {
                    destroy(m);
                    again = true;
                }
            }
        }
    }

    /** {@code dm_hash_rename}: the new name or uuid taken (EBUSY) is checked before the old name exists (ENXIO). */
    DeviceInfo rename(DeviceName from, String newValue, boolean uuid) throws Refusal {
        if (uuid ? byUuid.containsKey(newValue) : byName.containsKey(newValue)) {
            throw Refusal.of(Errno.EBUSY, "the new " + (uuid ? "uuid" : "name") + " is taken");
        }
        Mapped m = byName.get(from.value());
        if (m == null) {
            throw Refusal.of(Errno.ENXIO, "no such device");
        }
        if (uuid) {
            if (m.uuid != null) {
                throw Refusal.of(Errno.EINVAL, "an existing uuid cannot be changed");
            }
            m.uuid = newValue;
            byUuid.put(newValue, m);
        } else {
            byName.remove(m.name);
            m.name = newValue;
            byName.put(newValue, m);
        }
        if (m.live != null) {
            tableEvent(m);
        }
        globalEvent();
        // the reply is the request (looked up by name: no uuid in it) with __dev_status written over it; the
        // uevent is only sent once the device has its block device (from the first table load)
        DeviceInfo status = info(m, false, false, m.diskAdded);
        return new DeviceInfo(status.name(), Optional.empty(), status.number(), status.openCount(), status.eventNr(),
                status.targetCount(), status.flags());
    }

    // ---- DM_DEV_SUSPEND --------------------------------------------------------------------------

    DeviceInfo suspend(Mapped m) {
        suspendDevice(m);
        return info(m);
    }

    private void suspendDevice(Mapped m) {
        if (m.suspended) {
            return;
        }
        if (m.live != null) {
            m.live.targets.forEach(t -> t.model().presuspend());
        }
        m.suspended = true;
        if (m.live != null) {
            m.live.targets.forEach(t -> t.model().postsuspend());
        }
    }

    /**
     * {@code do_resume}: swaps in the inactive table (suspending first; a table whose devices are too
     * small is destroyed and the device stays suspended), then resumes a suspended device (EINVAL
     * without a live table; a target's preresume may refuse, leaving it suspended with the new table).
     */
    DeviceInfo resume(Mapped m) throws Refusal {
        DmTable next = m.inactive;
        m.inactive = null;
        if (next != null) {
            suspendDevice(m);
            boolean keepLimits = m.live != null && !next.hasDataDevices();
            if (!keepLimits && !fits(next)) {
                destroy(next);
                throw Refusal.of(Errno.EINVAL, "a device is too small for the table");
            }
            DmTable old = m.live;
            m.live = next;
            m.readOnly = next.readOnly;
            m.immutableType = next.immutableType();
            globalEvent();
            if (old != null) {
                destroy(old);
            }
        }
        boolean resumed = false;
        if (m.suspended) {
            if (m.live == null) {
                throw Refusal.of(Errno.EINVAL, "no live table to resume");
            }
            for (DmTable.Target t : m.live.targets) {
                t.model().preresume();
            }
            m.live.targets.forEach(t -> t.model().resume());
            m.suspended = false;
            resumed = true;
        }
        return info(m, false, false, resumed);
    }

    private static boolean fits(DmTable table) {
        return table.targets.stream().flatMap(t -> t.model().areas().stream()).allMatch(Area::fits);
    }

    // ---- DM_TABLE_LOAD, DM_TABLE_CLEAR -----------------------------------------------------------

    /**
     * {@code table_load}: each line constructed in order (unknown type, singleton, read-only and
     * immutable rules first, then the target's constructor), then the immutable type of the live table
     * kept, then on the first load the device sizes checked (the gendisk is added then). Only an
     * accepted table takes references.
     */
    DeviceInfo load(Mapped m, Table table, boolean readOnly) throws Refusal {
        DmTable t = construct(m, table, readOnly);
        String immutable = t.immutableType();
        if (m.immutableType != null && !m.immutableType.equals(immutable) && !t.hasWildcard()) {
            throw Refusal.of(Errno.EINVAL, "can't replace immutable target type " + m.immutableType);
        }
        if (!m.diskAdded && !fits(t)) {
            throw Refusal.of(Errno.EINVAL, "Cannot calculate initial queue limits: a device is too small for the table");
        }
        attach(t);
        if (m.inactive != null) {
            destroy(m.inactive);
        }
        m.inactive = t;
        m.diskAdded = true;
        return info(m, false, true, false);
    }

    private DmTable construct(Mapped m, Table table, boolean readOnly) throws Refusal {
        Construction c = Construction.of(this, m, readOnly);
        List<DmTable.Target> targets = new ArrayList<>();
        boolean singleton = false;
        String immutable = null;
        for (TableLine line : table.lines()) {
            TargetType type = TargetType.find(line.type());
            if (type == null) {
                throw Refusal.of(Errno.EINVAL, "unknown target type " + line.type());
            }
            if (singleton || (type.singleton() && !targets.isEmpty())) {
                throw Refusal.of(Errno.EINVAL, "singleton target type must appear alone in table");
            }
            singleton = type.singleton();
            if (type.alwaysWriteable() && readOnly) {
                throw Refusal.of(Errno.EINVAL, "target type may not be included in a read-only table");
            }
            if (immutable != null ? !immutable.equals(type.name()) : type.immutable() && !targets.isEmpty()) {
                throw Refusal.of(Errno.EINVAL, "immutable target type cannot be mixed with other target types");
            }
            if (type.immutable()) {
                immutable = type.name();
            }
            TargetModel model = type.constructor().construct(c.at(line.start(), line.length()), KernelWords.split(line.params()));
            targets.add(new DmTable.Target(line.start(), line.length(), model));
        }
        return new DmTable(m, targets, readOnly, c.devices());
    }

    /** The references an accepted table holds: its targets' own, and an open of each device-mapper device it maps onto. */
    private void attach(DmTable t) {
        t.targets.forEach(target -> target.model().attach());
        for (BlockDevice d : t.devices) {
            if (d instanceof Mapped lower) {
                lower.openedByTables.merge(t.owner, 1, Integer::sum);
            }
        }
    }

    private void destroy(DmTable t) {
        t.targets.forEach(target -> target.model().destroy());
        for (BlockDevice d : t.devices) {
            if (d instanceof Mapped lower) {
                lower.openedByTables.computeIfPresent(t.owner, (k, n) -> n == 1 ? null : n - 1);
            }
        }
    }

    DeviceInfo clear(Mapped m) {
        if (m.inactive != null) {
            destroy(m.inactive);
            m.inactive = null;
        }
        return info(m, false, false, false);
    }

    // ---- queries ---------------------------------------------------------------------------------

    List<ListedDevice> list() {
        boolean eventNr = options.interfaceVersion().minor() >= LIST_EVENT_NR_MINOR;
        return byName.values().stream().map(m -> new ListedDevice(new DeviceName(m.name), m.number,
                eventNr ? OptionalLong.of(m.eventNr) : OptionalLong.empty(), Optional.ofNullable(m.uuid).map(DeviceUuid::new))).toList();
    }

    DmTable queried(Mapped m, boolean inactive) {
        return inactive ? m.inactive : m.live;
    }

    List<DeviceNumber> deps(Mapped m, boolean inactive) {
        DmTable t = queried(m, inactive);
        return t == null ? List.of() : t.devices.stream().map(BlockDevice::number).toList();
    }

    List<TargetStatus> status(Mapped m, boolean inactive, boolean noFlush) {
        DmTable t = queried(m, inactive);
        return t == null ? List.of() : t.targets.stream()
                .map(x -> new TargetStatus(x.start(), x.length(), x.model().type(), x.model().status(noFlush))).toList();
    }

    List<TableLine> table(Mapped m, boolean inactive) {
        DmTable t = queried(m, inactive);
        return t == null ? List.of() : t.targets.stream()
                .map(x -> new TableLine(x.start(), x.length(), x.model().type(), x.model().table())).toList();
    }

    /** {@code dev_wait}: until the device's event counter differs from {@code eventNr}. An interrupt ends it with EINTR. */
    void awaitDeviceEvent(Mapped m, long eventNr) throws Refusal {
        while (m.eventNr == (eventNr & 0xffff_ffffL)) {
            try {
                changed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Refusal.of(Errno.EINTR, "interrupted");
            }
        }
    }

    // ---- DM_TARGET_MSG, DM_DEV_SET_GEOMETRY --------------------------------------------------------

    /**
     * {@code target_message}: '@' messages go to device-mapper core ({@code @cancel_deferred_remove};
     * statistics are not modelled); others to the target at {@code sector} of the live table.
     */
    Optional<String> message(Mapped m, long sector, String text) throws Refusal {
        String[] argv = KernelWords.split(text);
        if (argv.length == 0) {
            throw Refusal.of(Errno.EINVAL, "Empty message received");
        }
        if (argv[0].startsWith("@")) {
            if (argv[0].equalsIgnoreCase("@cancel_deferred_remove")) {
                if (argv.length != 1) {
                    throw Refusal.of(Errno.EINVAL, "Invalid arguments for @cancel_deferred_remove");
                }
                m.deferredRemove = false;
                return Optional.empty();
            }
            if (argv[0].toLowerCase(java.util.Locale.ROOT).startsWith("@stats_")) {
                throw new UnsupportedOperationException("the fake kernel does not model device-mapper statistics (" + argv[0] + ")");
            }
            throw Refusal.of(Errno.EINVAL, "Unsupported message sent to DM core");
        }
        if (m.live == null) {
            // Linux 6.1.0-50 returned +2 here (no reply, no error); Debian's 6.1.0-57 answers EINVAL
            throw Refusal.of(Errno.EINVAL, "no live table");
        }
        DmTable.Target target = m.live.targetAt(sector);
        if (target == null) {
            throw Refusal.of(Errno.EINVAL, "Target message sector outside device");
        }
        return target.model().message(argv);
    }

    /** {@code dm_set_geometry}: the start must lie within cylinders x heads x sectors. */
    void setGeometry(Geometry g) throws Refusal {
        if (g.start() > (long) g.cylinders() * g.heads() * g.sectors()) {
            throw Refusal.of(Errno.EINVAL, "Start sector is beyond the geometry limits");
        }
    }

    // ---- I/O of the test ----------------------------------------------------------------------------

    /**
     * A write to a device as a process holding it open would do it: the device is held open meanwhile;
     * it waits while any device under it is suspended (the kernel queues the I/O), then goes down the
     * live tables to the disks.
     */
    void write(BlockDevice device, long sector, long sectors) throws IOException {
        if (!(device instanceof Mapped m)) {
            route(device, sector, sectors);
            return;
        }
        m.holds++;
        try {
            while (blocked(m, new LinkedHashSet<>())) {
                try {
                    changed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while the write waited for a suspended device");
                }
            }
            route(m, sector, sectors);
        } finally {
            m.holds--;
            removeIdleDeferred();
            changed.signalAll();
        }
    }

    Disk disk(DeviceNumber number) {
        Disk disk = disks.get(number);
        if (disk == null) {
            throw new IllegalArgumentException("the fake kernel has no disk " + number);
        }
        return disk;
    }

    private static boolean blocked(Mapped m, Set<Mapped> seen) {
        if (!seen.add(m)) {
            return false;
        }
        if (m.blocksIo()) {
            return true;
        }
        return m.live != null && m.live.devices.stream().anyMatch(d -> d instanceof Mapped lower && blocked(lower, seen));
    }

    private void route(BlockDevice device, long sector, long sectors) throws IOException {
        if (device instanceof Mapped m && m.live == null) {
            throw new IOException("Input/output error: " + m + " has no live table");
        }
        if (sector + sectors > device.sectors() || sector < 0) {
            throw new IOException("write of sectors " + sector + ".." + (sector + sectors) + " past the end of " + device.number()
                    + " (" + device.sectors() + " sectors)");
        }
        switch (device) {
            case Disk disk -> overwroteDisk(disk, sector, sectors);
            case Mapped m -> {
                long end = sector + sectors;
                for (DmTable.Target t : m.live.targets) {
                    long from = Math.max(sector, t.start());
                    long to = Math.min(end, t.start() + t.length());
                    if (from < to) {
                        t.model().write(this::route, from - t.start(), to - from);
                    }
                }
            }
        }
    }
}
