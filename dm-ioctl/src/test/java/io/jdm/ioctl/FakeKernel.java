package io.jdm.ioctl;

import io.jdm.api.Command;
import io.jdm.ioctl.internal.CommandSpec;
import io.jdm.ioctl.internal.DmFlags;
import io.jdm.ioctl.internal.Syscalls;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import static io.jdm.ioctl.internal.DmStructs.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * dm-ioctl's simulated kernel: plays the control node's side of every command, byte for byte as
 * drivers/md/dm-ioctl.c does (the version check, the copy of {@code data_size} bytes in, the checks of
 * {@code validate_params} and of the device lookup, output at 312, {@code data_size} reset to 305, the
 * copy back only when the command returned 0, BUFFER_FULL, secure data wiping the caller's buffer), so
 * that the codecs, the call mechanics and the policies above them can be tested without a kernel. The
 * kernel tests check the same code against the real thing.
 *
 * <p>Names and uuids are kept as Latin-1 Strings of the kernel's bytes, so that a test can make a device
 * whose name is not UTF-8. Tests can make commands fail, garble replies, count what was sent, and see
 * the buffers the caller handed over.
 */
final class FakeKernel implements Syscalls {
    static final int EPERM = 1, EINTR = 4, ENXIO = 6, EBADF = 9, EBUSY = 16, EINVAL = 22, ENOTTY = 25;
    private static final int MINIMUM_DATA_SIZE = IOCTL_MIN_DATA_SIZE;
    private static final Set<CommandSpec> NO_PARAMS = Set.of(CommandSpec.REMOVE_ALL, CommandSpec.DEV_CREATE,
            CommandSpec.DEV_REMOVE, CommandSpec.DEV_SUSPEND, CommandSpec.DEV_STATUS, CommandSpec.TABLE_CLEAR,
            CommandSpec.DEV_ARM_POLL);
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** One target of a table: params as the kernel received them, status as a test set it. */
    record Target(long start, long length, String type, String params, String status) {
    }

    /** A device; its name and uuid are the kernel's bytes as Latin-1. */
    static final class Device {
        String name;
        String uuid;
        final int minor;
        int eventNr;
        List<Target> live;
        List<Target> inactive;
        boolean suspended;
        boolean readOnly;
        int openCount;
        boolean deferredRemove;

        Device(String name, String uuid, int minor) {
            this.name = name;
            this.uuid = uuid;
            this.minor = minor;
        }

        /** The live table's params, one entry per target (as the old fake's tests read them). */
        List<String> params() {
            return live == null ? inactive.stream().map(Target::params).toList() : live.stream().map(Target::params).toList();
        }
    }

    /** Changes a reply after the command ran (the fuzzer's garbling): may rewrite {@code param}, returns the result. */
    @FunctionalInterface
    interface Garble {
        int apply(CommandSpec spec, MemorySegment param, int paramSize, int result);
    }

    private final Map<String, Device> devices = new TreeMap<>(); // strcmp order for the Latin-1 bytes
    private final Map<String, Device> byUuid = new HashMap<>();
    private final Map<Integer, Device> byMinor = new HashMap<>();
    private final Map<Integer, Integer> armed = new HashMap<>();
    private final Set<Integer> openFds = new HashSet<>();
    private final Map<CommandSpec, Integer> sent = new EnumMap<>(CommandSpec.class);
    private final List<String> messages = new ArrayList<>();
    private int nextFd = 1000;
    private int nextMinor = 4;
    private int globalEvent;
    private int closes;
    private int badCloses;
    int kernelMinor = 47;
    int bufferFullReplies;
    int secureRequests;
    /** When set, every command but VERSION fails with this errno. */
    int failWith;
    /** When set, the next {@code failNextCount} calls of {@link #failNext} fail with {@link #failNextErrno}. */
    CommandSpec failNext;
    int failNextErrno;
    int failNextCount;
    Garble garble;
    /** A byte the buffer's tail past the copied reply is filled with, to prove nobody reads it; 0 = off. */
    byte poison;
    /** Answers a message (the words as the kernel split them) with a reply, or null for none. */
    Function<List<String>, String> messageReplies = words -> null;
    private int flagsSent;
    private MemorySegment lastBuffer;
    private int lastSize;
    private long ownAllocatedBytes;

    /** A device mapper over this kernel that never makes nodes. */
    IoctlDeviceMapper deviceMapper() {
        return deviceMapper(io.jdm.api.DeviceMapperOptions.defaults().maxBufferBytes());
    }

    IoctlDeviceMapper deviceMapper(int maxBufferBytes) {
        io.jdm.api.DeviceMapperOptions options = io.jdm.api.DeviceMapperOptions.defaults()
                .withNodePolicy(io.jdm.api.NodePolicy.NEVER).withMaxBufferBytes(maxBufferBytes);
        return IoctlDeviceMapper.over(io.jdm.ioctl.internal.ControlDevice.simulated(this, maxBufferBytes), options);
    }

    // ---- what tests look at ---------------------------------------------------------------------------

    synchronized Device device(String name) {
        return devices.get(name);
    }

    synchronized Set<String> names() {
        return Set.copyOf(devices.keySet());
    }

    /** Every ioctl the caller made, VERSION included. */
    synchronized int calls() {
        return sent.values().stream().mapToInt(Integer::intValue).sum();
    }

    synchronized int calls(CommandSpec spec) {
        return sent.getOrDefault(spec, 0);
    }

    synchronized int lastFlags() {
        return flagsSent;
    }

    /** The caller's buffer of the last call: a test can see what the caller left in it afterwards. */
    synchronized MemorySegment lastBuffer() {
        return lastBuffer;
    }

    /** The data_size of the last request: how much of {@link #lastBuffer()} it used. */
    synchronized int lastSize() {
        return lastSize;
    }

    synchronized List<String> messages() {
        return List.copyOf(messages);
    }

    synchronized int closes() {
        return closes;
    }

    /** Closes of a descriptor that was not open: a double close. */
    synchronized int badCloses() {
        return badCloses;
    }

    synchronized int openDescriptors() {
        return openFds.size();
    }

    /** Bytes this fake allocated on the calling threads, which a test of the caller's allocation subtracts. */
    synchronized long ownAllocatedBytes() {
        return ownAllocatedBytes;
    }

    private void add(Device d) {
        devices.put(d.name, d);
        byMinor.put(d.minor, d);
        if (!d.uuid.isEmpty()) {
            byUuid.put(d.uuid, d);
        }
    }

    private void drop(Device d) {
        devices.remove(d.name);
        byMinor.remove(d.minor);
        byUuid.remove(d.uuid);
    }

    /** Gives a device a uuid behind the caller's back (its Latin-1 bytes). */
    synchronized void setUuid(String name, String latin1Uuid) {
        Device d = devices.get(name);
        byUuid.remove(d.uuid);
        d.uuid = latin1Uuid;
        byUuid.put(latin1Uuid, d);
    }

    /** A device with exactly these name bytes, made behind the caller's back (another tool made it). */
    synchronized void addForeignDevice(byte[] name) {
        String n = new String(name, StandardCharsets.ISO_8859_1);
        add(new Device(n, "", nextMinor++));
        globalEvent++;
        notifyAll();
    }

    /** A target event on a device (a thin pool crossing its low-water mark, say). */
    synchronized void event(String name) {
        devices.get(name).eventNr++;
        globalEvent++;
        notifyAll();
    }

    synchronized void setStatus(String name, int target, String status) {
        Device d = devices.get(name);
        Target t = d.live.get(target);
        d.live.set(target, new Target(t.start(), t.length(), t.type(), t.params(), status));
    }

    synchronized void setOpenCount(String name, int openCount) {
        devices.get(name).openCount = openCount;
        if (openCount == 0 && devices.get(name).deferredRemove) {
            drop(devices.get(name));
            globalEvent++;
        }
        notifyAll();
    }

    // ---- the system calls -----------------------------------------------------------------------------

    @Override
    public synchronized int open(Path path) {
        int fd = nextFd++;
        openFds.add(fd);
        armed.put(fd, globalEvent);
        return fd;
    }

    @Override
    public synchronized int close(int fd) {
        if (!openFds.remove(fd)) {
            badCloses++;
            return -EBADF;
        }
        closes++;
        armed.remove(fd);
        notifyAll();
        return 0;
    }

    @Override
    public synchronized int poll(int fd, short events, int timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (openFds.contains(fd) && armed.getOrDefault(fd, globalEvent) >= globalEvent) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return 0;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -EINTR;
            }
        }
        return openFds.contains(fd) ? 1 : 0x20; // POLLIN, or POLLNVAL for a closed descriptor
    }

    @Override
    public synchronized int ioctl(int fd, long request, MemorySegment user) {
        long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        try {
            return ctlIoctl(fd, request, user);
        } finally {
            ownAllocatedBytes += THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        }
    }

    /** dm-ioctl.c ctl_ioctl(). */
    private int ctlIoctl(int fd, long request, MemorySegment user) {
        if (!openFds.contains(fd)) {
            return -EBADF;
        }
        CommandSpec spec = CommandSpec.ofRequest(request);
        if (spec == null) {
            return -ENOTTY;
        }
        sent.merge(spec, 1, Integer::sum);
        lastBuffer = user;
        int userSize = user.get(JAVA_INT, IOCTL_DATA_SIZE);
        lastSize = userSize;
        flagsSent = user.get(JAVA_INT, IOCTL_FLAGS);
        // check_version: the kernel's version goes back whatever happens next
        int major = user.get(JAVA_INT, IOCTL_VERSION);
        int minor = user.get(JAVA_INT, IOCTL_VERSION + 4);
        user.set(JAVA_INT, IOCTL_VERSION, 4);
        user.set(JAVA_INT, IOCTL_VERSION + 4, kernelMinor);
        user.set(JAVA_INT, IOCTL_VERSION + 8, 0);
        if (major != 4 || minor > kernelMinor) {
            return -EINVAL;
        }
        if (spec == CommandSpec.VERSION) {
            return 0;
        }
        if (failWith != 0) {
            return -failWith;
        }
        if (spec == failNext && failNextCount > 0) {
            failNextCount--;
            return -failNextErrno;
        }
        // copy_params
        if (userSize < MINIMUM_DATA_SIZE || userSize > user.byteSize()) {
            return -EINVAL;
        }
        int paramSize = NO_PARAMS.contains(spec) ? MINIMUM_DATA_SIZE : userSize;
        // the kernel's kvmalloc'ed copy; a long[] for the 8-byte alignment the struct fields need
        MemorySegment param = MemorySegment.ofArray(new long[(Math.max(paramSize, IOCTL_SIZE) + 7) / 8]);
        MemorySegment.copy(user, 0, param, 0, paramSize);
        boolean secure = (flagsSent & DmFlags.SECURE_DATA) != 0;
        if (secure) {
            secureRequests++;
            user.asSlice(0, userSize).fill((byte) 0); // clear_user
        }
        // validate_params
        param.set(JAVA_INT, IOCTL_FLAGS, param.get(JAVA_INT, IOCTL_FLAGS)
                & ~(DmFlags.BUFFER_FULL | DmFlags.UEVENT_GENERATED | DmFlags.SECURE_DATA | DmFlags.DATA_OUT));
        if (spec != CommandSpec.REMOVE_ALL && spec != CommandSpec.LIST_DEVICES && spec != CommandSpec.LIST_VERSIONS) {
            boolean hasName = param.get(JAVA_BYTE, IOCTL_NAME) != 0;
            boolean hasUuid = param.get(JAVA_BYTE, IOCTL_UUID) != 0;
            if (spec == CommandSpec.DEV_CREATE ? !hasName : hasName && hasUuid) {
                return -EINVAL;
            }
        }
        param.set(JAVA_BYTE, IOCTL_NAME + NAME_LEN - 1, (byte) 0);
        param.set(JAVA_BYTE, IOCTL_UUID + UUID_LEN - 1, (byte) 0);
        param.set(JAVA_INT, IOCTL_DATA_SIZE, MINIMUM_DATA_SIZE);
        int r = command(spec, fd, param, userSize);
        if (garble != null) {
            r = garble.apply(spec, param, userSize, r);
        }
        int copied = 0;
        if (r == 0) {
            long dataSize = Integer.toUnsignedLong(param.get(JAVA_INT, IOCTL_DATA_SIZE));
            copied = (int) Math.min(dataSize, Math.min(param.byteSize(), user.byteSize()));
            MemorySegment.copy(param, 0, user, 0, copied);
        }
        if (poison != 0 && copied > 0) {
            user.asSlice(copied).fill(poison);
        }
        if (secure) {
            param.fill((byte) 0);
        }
        return r;
    }

    private int command(CommandSpec spec, int fd, MemorySegment param, int paramSize) {
        return switch (spec.command()) {
            case VERSION -> 0;
            case REMOVE_ALL -> removeAll(param);
            case LIST_DEVICES -> listDevices(param, paramSize);
            case DEV_CREATE -> create(param);
            case DEV_REMOVE -> withDevice(param, d -> remove(d, param));
            case DEV_RENAME -> rename(param, paramSize);
            case DEV_SUSPEND -> withDevice(param, d -> suspend(d, param));
            case DEV_STATUS -> withDevice(param, d -> status(d, param));
            case DEV_WAIT -> withDevice(param, d -> waitEvent(d, param, paramSize, fd));
            case TABLE_LOAD -> withDevice(param, d -> load(d, param, paramSize));
            case TABLE_CLEAR -> withDevice(param, d -> {
                d.inactive = null;
                return status(d, param);
            });
            case TABLE_DEPS -> withDevice(param, d -> deps(d, param, paramSize));
            case TABLE_STATUS -> withDevice(param, d -> {
                status(d, param);
                retrieveStatus(d, param, paramSize);
                return 0;
            });
            case LIST_VERSIONS -> versions(param, paramSize, null);
            case TARGET_MSG -> withDevice(param, d -> message(d, param, paramSize));
            case DEV_SET_GEOMETRY -> withDevice(param, d -> geometry(d, param, paramSize));
            case DEV_ARM_POLL -> {
                armed.put(fd, globalEvent);
                yield 0;
            }
            case GET_TARGET_VERSION -> versions(param, paramSize, string(param, IOCTL_NAME, IOCTL_NAME + NAME_LEN));
        };
    }

    // ---- helpers as in dm-ioctl.c ---------------------------------------------------------------------

    /** Latin-1 of the NUL-terminated bytes at {@code at}, bounded by {@code limit}; null if unterminated. */
    private static String string(MemorySegment buf, long at, long limit) {
        long end = at;
        while (end < limit && buf.get(JAVA_BYTE, end) != 0) {
            end++;
        }
        if (end >= limit) {
            return null;
        }
        byte[] b = new byte[(int) (end - at)];
        MemorySegment.copy(buf, JAVA_BYTE, at, b, 0, b.length);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static long put(MemorySegment buf, long at, String latin1) {
        byte[] b = latin1.getBytes(StandardCharsets.ISO_8859_1);
        MemorySegment.copy(b, 0, buf, JAVA_BYTE, at, b.length);
        buf.set(JAVA_BYTE, at + b.length, (byte) 0);
        return at + b.length + 1;
    }

    private static void putField(MemorySegment buf, long at, int size, String latin1) {
        buf.asSlice(at, size).fill((byte) 0);
        put(buf, at, latin1);
    }

    private static long encodeDev(int minor) {
        return (minor & 0xffL) | (253L << 8) | ((long) (minor & ~0xff) << 12);
    }

    /** __find_device_hash_cell(): by uuid, else name, else dev; any second way is an error. */
    private Device find(MemorySegment param) {
        String uuid = string(param, IOCTL_UUID, IOCTL_UUID + UUID_LEN);
        String name = string(param, IOCTL_NAME, IOCTL_NAME + NAME_LEN);
        long dev = param.get(JAVA_LONG, IOCTL_DEV);
        Device found = null;
        if (!uuid.isEmpty()) {
            if (!name.isEmpty() || dev != 0) {
                return null;
            }
            found = byUuid.get(uuid);
        } else if (!name.isEmpty()) {
            if (dev != 0) {
                return null;
            }
            found = devices.get(name);
        } else if (dev != 0) {
            int minor = (int) ((dev & 0xff) | ((dev >>> 12) & 0xfff00));
            found = encodeDev(minor) == dev ? byMinor.get(minor) : null;
        }
        if (found != null) { // "sneakily" the canonical name and uuid go back
            putField(param, IOCTL_NAME, NAME_LEN, found.name);
            putField(param, IOCTL_UUID, UUID_LEN, found.uuid);
        }
        return found;
    }

    private int withDevice(MemorySegment param, Function<Device, Integer> command) {
        Device d = find(param);
        return d == null ? -ENXIO : command.apply(d);
    }

    /** __dev_status(). */
    private int status(Device d, MemorySegment param) {
        boolean inactive = (param.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.QUERY_INACTIVE_TABLE) != 0;
        int flags = param.get(JAVA_INT, IOCTL_FLAGS) & ~(DmFlags.SUSPEND | DmFlags.READONLY | DmFlags.ACTIVE_PRESENT
                | DmFlags.INTERNAL_SUSPEND | DmFlags.INACTIVE_PRESENT);
        flags |= (d.suspended ? DmFlags.SUSPEND : 0) | (d.live != null ? DmFlags.ACTIVE_PRESENT : 0)
                | (d.inactive != null ? DmFlags.INACTIVE_PRESENT : 0) | (d.deferredRemove ? DmFlags.DEFERRED_REMOVE : 0)
                | (d.readOnly && !inactive ? DmFlags.READONLY : 0);
        param.set(JAVA_INT, IOCTL_FLAGS, flags);
        param.set(JAVA_LONG, IOCTL_DEV, encodeDev(d.minor));
        param.set(JAVA_INT, IOCTL_OPEN_COUNT, d.openCount);
        param.set(JAVA_INT, IOCTL_EVENT_NR, d.eventNr);
        List<Target> table = inactive ? d.inactive : d.live;
        param.set(JAVA_INT, IOCTL_TARGET_COUNT, table == null ? 0 : table.size());
        return 0;
    }

    private void bufferFull(MemorySegment param) {
        param.set(JAVA_INT, IOCTL_FLAGS, param.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.BUFFER_FULL);
        bufferFullReplies++;
    }

    private int removeAll(MemorySegment param) {
        boolean deferred = (param.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.DEFERRED_REMOVE) != 0;
        for (Device d : List.copyOf(devices.values())) {
            if (d.openCount > 0) {
                d.deferredRemove |= deferred;
            } else {
                drop(d);
            }
        }
        globalEvent++;
        notifyAll();
        param.set(JAVA_INT, IOCTL_DATA_SIZE, 0); // nothing is copied back
        return 0;
    }

    /** list_devices(): sizes first, BUFFER_FULL if short, then records with the 4.38+ trailer. */
    private int listDevices(MemorySegment param, int size) {
        boolean uuids = (param.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.UUID) != 0;
        long needed = 0;
        for (Device d : devices.values()) {
            needed += align8(NAME_LIST_NAME + d.name.length() + 1);
            needed += 8;
            if (uuids && !d.uuid.isEmpty()) {
                needed += align8(d.uuid.length() + 1);
            }
        }
        long len = size - IOCTL_SIZE;
        if (len < needed || len < 8) {
            bufferFull(param);
            return 0;
        }
        param.set(JAVA_INT, IOCTL_DATA_START, IOCTL_SIZE);
        param.set(JAVA_INT, IOCTL_DATA_SIZE, (int) (IOCTL_SIZE + needed));
        param.set(JAVA_LONG, IOCTL_SIZE, 0); // "flags no data"
        long nl = IOCTL_SIZE;
        long old = -1;
        for (Device d : devices.values()) {
            if (old >= 0) {
                param.set(JAVA_INT, old + NAME_LIST_NEXT, (int) (nl - old));
            }
            param.set(JAVA_LONG, nl + NAME_LIST_DEV, encodeDev(d.minor));
            param.set(JAVA_INT, nl + NAME_LIST_NEXT, 0);
            long trailer = align8(put(param, nl + NAME_LIST_NAME, d.name));
            old = nl;
            param.set(JAVA_INT, trailer, d.eventNr);
            int flags = 0;
            long end = align8(trailer + 8);
            if (uuids) {
                if (!d.uuid.isEmpty()) {
                    flags |= DmFlags.NAME_LIST_HAS_UUID;
                    end = align8(put(param, end, d.uuid));
                } else {
                    flags |= DmFlags.NAME_LIST_DOESNT_HAVE_UUID;
                }
            }
            param.set(JAVA_INT, trailer + 4, flags);
            nl = end;
        }
        return 0;
    }

    private static boolean badName(String name) {
        return name.indexOf('/') >= 0 || name.equals("control") || name.equals(".") || name.equals("..");
    }

    /** dev_create(): check_name, the persistent minor, the uniqueness of name and uuid. */
    private int create(MemorySegment param) {
        String name = string(param, IOCTL_NAME, IOCTL_NAME + NAME_LEN);
        String uuid = string(param, IOCTL_UUID, IOCTL_UUID + UUID_LEN);
        if (badName(name)) {
            return -EINVAL;
        }
        int minor;
        if ((param.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.PERSISTENT_DEV) != 0) {
            long dev = param.get(JAVA_LONG, IOCTL_DEV);
            minor = (int) ((dev & 0xff) | ((dev >>> 12) & 0xfff00));
            if (byMinor.containsKey(minor)) {
                return -ENXIO; // alloc_dev failed: dm_create answers ENXIO
            }
        } else {
            minor = nextMinor++;
        }
        if (devices.containsKey(name) || byUuid.containsKey(uuid)) {
            return -EBUSY;
        }
        Device d = new Device(name, uuid, minor);
        add(d);
        globalEvent++;
        notifyAll();
        return status(d, param);
    }

    private int remove(Device d, MemorySegment param) {
        if (d.openCount > 0) {
            if ((param.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.DEFERRED_REMOVE) == 0) {
                return -EBUSY;
            }
            d.deferredRemove = true;
            return 0;
        }
        drop(d);
        param.set(JAVA_INT, IOCTL_FLAGS, (param.get(JAVA_INT, IOCTL_FLAGS) & ~DmFlags.DEFERRED_REMOVE) | DmFlags.UEVENT_GENERATED);
        globalEvent++;
        notifyAll();
        return 0;
    }

    /** dev_rename(): the old name in the header, the new name (or uuid) at data_start. */
    private int rename(MemorySegment param, int size) {
        boolean uuid = (param.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.UUID) != 0;
        int dataStart = param.get(JAVA_INT, IOCTL_DATA_START);
        if (dataStart < MINIMUM_DATA_SIZE || dataStart >= size) {
            return -EINVAL;
        }
        String value = string(param, dataStart, size);
        if (value == null || value.isEmpty() || value.length() > (uuid ? UUID_LEN - 1 : NAME_LEN - 1) || (!uuid && badName(value))) {
            return -EINVAL;
        }
        Device d = devices.get(string(param, IOCTL_NAME, IOCTL_NAME + NAME_LEN));
        if (d == null) {
            return -ENXIO;
        }
        if (uuid ? byUuid.containsKey(value) : devices.containsKey(value)) {
            return -EBUSY;
        }
        if (uuid) {
            if (!d.uuid.isEmpty()) {
                return -EINVAL;
            }
            d.uuid = value;
            byUuid.put(value, d);
        } else {
            devices.remove(d.name);
            d.name = value;
            devices.put(value, d);
            if (d.live != null) {
                d.eventNr++;
            }
        }
        globalEvent++;
        notifyAll();
        return status(d, param);
    }

    private int suspend(Device d, MemorySegment param) {
        if ((param.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.SUSPEND) != 0) {
            d.suspended = true;
            return status(d, param);
        }
        if (d.inactive != null) {
            d.live = d.inactive;
            d.inactive = null;
            d.suspended = true;
            globalEvent++; // a table swap is a global event, not a device event
        }
        if (d.suspended) {
            if (d.live == null) {
                return -EINVAL;
            }
            d.suspended = false;
            param.set(JAVA_INT, IOCTL_FLAGS, param.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.UEVENT_GENERATED);
        }
        notifyAll();
        return status(d, param);
    }

    /** dev_wait(): blocks until the device's event counter differs from the one given. */
    private int waitEvent(Device d, MemorySegment param, int size, int fd) {
        int seen = param.get(JAVA_INT, IOCTL_EVENT_NR);
        while (d.eventNr == seen && devices.containsValue(d) && openFds.contains(fd)) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -EINTR;
            }
        }
        status(d, param);
        retrieveStatus(d, param, size);
        return 0;
    }

    /** populate_table(): each spec's next is relative to itself and must be 8-aligned. */
    private int load(Device d, MemorySegment param, int size) {
        int count = param.get(JAVA_INT, IOCTL_TARGET_COUNT);
        if (count <= 0) {
            return -EINVAL;
        }
        long spec = 0;
        long next = Integer.toUnsignedLong(param.get(JAVA_INT, IOCTL_DATA_START));
        long minSize = IOCTL_SIZE;
        List<Target> table = new ArrayList<>();
        long expectedStart = 0;
        for (int i = 0; i < count; i++) {
            if (next < minSize || size - spec - SPEC_SIZE <= next || next % 8 != 0) {
                return -EINVAL;
            }
            spec += next;
            String params = string(param, spec + SPEC_SIZE, size);
            String type = string(param, spec + SPEC_TARGET_TYPE, spec + SPEC_SIZE);
            if (params == null || type == null || type.isEmpty()) {
                return -EINVAL;
            }
            minSize = spec + SPEC_SIZE + params.length() + 1 - spec;
            long start = param.get(JAVA_LONG, spec + SPEC_SECTOR_START);
            long length = param.get(JAVA_LONG, spec + SPEC_LENGTH);
            if (length == 0 || start != expectedStart || start + length < start) {
                return -EINVAL; // zero-length target, gap in table, overflow
            }
            expectedStart = start + length;
            table.add(new Target(start, length, type, params, ""));
            next = Integer.toUnsignedLong(param.get(JAVA_INT, spec + SPEC_NEXT));
        }
        d.inactive = table;
        d.readOnly = (param.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.READONLY) != 0;
        return status(d, param);
    }

    /** retrieve_status(): output at 312, next relative to the first spec, BUFFER_FULL when short. */
    private void retrieveStatus(Device d, MemorySegment param, int size) {
        int flags = param.get(JAVA_INT, IOCTL_FLAGS);
        List<Target> table = (flags & DmFlags.QUERY_INACTIVE_TABLE) != 0 ? d.inactive : d.live;
        if (table == null) {
            return;
        }
        boolean tableText = (flags & DmFlags.STATUS_TABLE) != 0;
        param.set(JAVA_INT, IOCTL_DATA_START, IOCTL_SIZE);
        long first = IOCTL_SIZE;
        long spec = first;
        long used = 0;
        for (Target t : table) {
            if (size - spec <= SPEC_SIZE) {
                bufferFull(param);
                break;
            }
            param.set(JAVA_LONG, spec + SPEC_SECTOR_START, t.start());
            param.set(JAVA_LONG, spec + SPEC_LENGTH, t.length());
            param.set(JAVA_INT, spec + SPEC_STATUS, 0);
            putField(param, spec + SPEC_TARGET_TYPE, MAX_TYPE_NAME, t.type());
            String text = tableText ? t.params() : t.status();
            if (spec + SPEC_SIZE + text.length() + 1 > size) {
                bufferFull(param);
                break;
            }
            long end = put(param, spec + SPEC_SIZE, text);
            used = end;
            long nextSpec = align8(end);
            param.set(JAVA_INT, spec + SPEC_NEXT, (int) (nextSpec - first));
            spec = nextSpec;
        }
        if (used != 0) {
            param.set(JAVA_INT, IOCTL_DATA_SIZE, (int) used);
        }
        param.set(JAVA_INT, IOCTL_TARGET_COUNT, table.size());
    }

    /** retrieve_deps(): the major:minor words of the live table. */
    private int deps(Device d, MemorySegment param, int size) {
        status(d, param);
        List<Target> table = (param.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.QUERY_INACTIVE_TABLE) != 0 ? d.inactive : d.live;
        if (table == null) {
            return 0;
        }
        List<Long> devs = new ArrayList<>();
        for (Target t : table) {
            for (String word : t.params().split("\\s+")) {
                if (word.matches("\\d+:\\d+")) {
                    int major = Integer.parseInt(word.substring(0, word.indexOf(':')));
                    int minor = Integer.parseInt(word.substring(word.indexOf(':') + 1));
                    long dev = (minor & 0xffL) | ((long) major << 8) | ((long) (minor & ~0xff) << 12);
                    if (!devs.contains(dev)) {
                        devs.add(dev);
                    }
                }
            }
        }
        long needed = 8 + 8L * devs.size();
        if (size - IOCTL_SIZE < needed) {
            bufferFull(param);
            return 0;
        }
        param.set(JAVA_INT, IOCTL_DATA_START, IOCTL_SIZE);
        param.set(JAVA_INT, IOCTL_SIZE, devs.size());
        for (int i = 0; i < devs.size(); i++) {
            param.set(JAVA_LONG, IOCTL_SIZE + 8 + 8L * i, devs.get(i));
        }
        param.set(JAVA_INT, IOCTL_DATA_SIZE, (int) (IOCTL_SIZE + needed));
        return 0;
    }

    /** list_versions() / get_target_version(). */
    private int versions(MemorySegment param, int size, String only) {
        List<String> types = only == null ? List.of("crypt", "error", "linear", "striped", "thin", "thin-pool", "zero")
                : List.of("crypt", "error", "linear", "striped", "thin", "thin-pool", "zero").contains(only) ? List.of(only) : null;
        if (types == null) {
            return -EINVAL;
        }
        long needed = types.stream().mapToLong(t -> 16 + t.length() + 1 + 7).sum();
        if (size - IOCTL_SIZE < needed) {
            bufferFull(param);
            return 0;
        }
        param.set(JAVA_INT, IOCTL_DATA_START, IOCTL_SIZE);
        long at = IOCTL_SIZE;
        long old = -1;
        for (String t : types) {
            if (old >= 0) {
                param.set(JAVA_INT, old + VERSIONS_NEXT, (int) (at - old));
            }
            param.set(JAVA_INT, at + VERSIONS_NEXT, 0);
            param.set(JAVA_INT, at + VERSIONS_VERSION, 1);
            param.set(JAVA_INT, at + VERSIONS_VERSION + 4, t.length());
            param.set(JAVA_INT, at + VERSIONS_VERSION + 8, 0);
            old = at;
            at = align8(put(param, at + VERSIONS_NAME, t));
        }
        param.set(JAVA_INT, IOCTL_DATA_SIZE, (int) (IOCTL_SIZE + needed));
        return 0;
    }

    /** dm_split_args(): runs of isspace separate words, a backslash quotes the next byte. */
    static List<String> splitArgs(String latin1) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < latin1.length(); i++) {
            char c = latin1.charAt(i);
            if (c == '\\' && i + 1 < latin1.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(latin1.charAt(++i));
            } else if (c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** target_message(): the message split as the kernel splits it; 2 (no reply) without a live table. */
    private int message(Device d, MemorySegment param, int size) {
        int dataStart = param.get(JAVA_INT, IOCTL_DATA_START);
        String text = dataStart < MINIMUM_DATA_SIZE ? null : string(param, dataStart + MSG_MESSAGE, size);
        if (text == null) {
            return -EINVAL;
        }
        List<String> words = splitArgs(text);
        if (words.isEmpty()) {
            return -EINVAL;
        }
        messages.add(String.join(" ", words));
        if (!words.getFirst().startsWith("@") && d.live == null) {
            return 2;
        }
        String reply = messageReplies.apply(words);
        status(d, param);
        if (reply != null) {
            param.set(JAVA_INT, IOCTL_DATA_START, IOCTL_SIZE);
            if (IOCTL_SIZE + reply.length() + 1 > size) {
                bufferFull(param);
            } else {
                put(param, IOCTL_SIZE, reply);
                param.set(JAVA_INT, IOCTL_FLAGS, param.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.DATA_OUT);
                param.set(JAVA_INT, IOCTL_DATA_SIZE, IOCTL_SIZE + reply.length() + 1);
            }
        }
        return 0;
    }

    private int geometry(Device d, MemorySegment param, int size) {
        String text = string(param, param.get(JAVA_INT, IOCTL_DATA_START), size);
        if (text == null || !text.matches("\\d+ \\d+ \\d+ \\d+")) {
            return -EINVAL;
        }
        return status(d, param);
    }

    /** The command a test names as {@link Command}. */
    static CommandSpec spec(Command command) {
        return CommandSpec.values()[command.ordinal()];
    }
}
