package io.jdm.ioctl;

import io.jdm.ioctl.internal.ControlDevice;
import io.jdm.ioctl.internal.DmFlags;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.jdm.ioctl.internal.DmStructs.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Plays the kernel's side of a few commands, following dm-ioctl.c's buffer handling (where output goes,
 * how records are aligned, when BUFFER_FULL is set), so that the codecs and the buffer growth can be
 * tested without a kernel. The kernel tests check the same code against the real thing.
 */
final class FakeKernel implements ControlDevice.Ioctl {
    record Device(String name, String uuid, int minor, int eventNr, List<String[]> table) {
    }

    final Map<String, Device> devices = new TreeMap<>();
    int minor = 4;
    int calls;
    int bufferFullReplies;
    /** When set, every command but VERSION fails with this errno. */
    int failWith;
    int kernelMinor = 47;
    /** The flags of the last request, as sent. */
    int lastFlags;
    /** The buffer of the last request: the test can look at what the caller left in it afterwards. */
    MemorySegment lastBuffer;
    /** The data_size of the last request: how much of {@link #lastBuffer} it used. */
    int lastSize;

    @Override
    public int call(int fd, long request, MemorySegment buf) {
        calls++;
        lastFlags = buf.get(JAVA_INT, IOCTL_FLAGS);
        lastBuffer = buf;
        lastSize = buf.get(JAVA_INT, IOCTL_DATA_SIZE);
        int nr = (int) (request & 0xff);
        buf.set(JAVA_INT, IOCTL_VERSION, 4);
        buf.set(JAVA_INT, IOCTL_VERSION + 4, kernelMinor);
        buf.set(JAVA_INT, IOCTL_VERSION + 8, 0);
        if (nr == 0) {
            return 0;
        }
        if (failWith != 0) {
            return -failWith;
        }
        int size = buf.get(JAVA_INT, IOCTL_DATA_SIZE);
        return switch (nr) {
            case 2 -> list(buf, size);
            case 3 -> create(buf);
            case 9 -> load(buf, size);
            case 12 -> status(buf, size);
            default -> -25; // ENOTTY: not played here
        };
    }

    private static String string(MemorySegment buf, long at) {
        long end = at;
        while (buf.get(JAVA_BYTE, end) != 0) end++;
        byte[] b = new byte[(int) (end - at)];
        MemorySegment.copy(buf, JAVA_BYTE, at, b, 0, b.length);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static long put(MemorySegment buf, long at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(b, 0, buf, JAVA_BYTE, at, b.length);
        buf.set(JAVA_BYTE, at + b.length, (byte) 0);
        return at + b.length + 1;
    }

    private int create(MemorySegment buf) {
        String name = string(buf, IOCTL_NAME);
        String uuid = string(buf, IOCTL_UUID);
        if (devices.containsKey(name)) {
            return -16;
        }
        Device d = new Device(name, uuid, minor++, 0, new ArrayList<>());
        devices.put(name, d);
        buf.set(JAVA_LONG, IOCTL_DEV, (253L << 8) | d.minor());
        return 0;
    }

    /** dm-ioctl.c list_devices(): sizes first, BUFFER_FULL if short, then records with the 4.38+ trailer. */
    private int list(MemorySegment buf, int size) {
        boolean uuids = (buf.get(JAVA_INT, IOCTL_FLAGS) & DmFlags.UUID) != 0;
        long needed = 0;
        for (Device d : devices.values()) {
            needed += align8(NAME_LIST_NAME + d.name().getBytes(StandardCharsets.UTF_8).length + 1);
            needed += 8;
            if (uuids && !d.uuid().isEmpty()) {
                needed += align8(d.uuid().getBytes(StandardCharsets.UTF_8).length + 1);
            }
        }
        long len = size - IOCTL_SIZE;
        if (len < needed || len < 8) {
            buf.set(JAVA_INT, IOCTL_FLAGS, buf.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.BUFFER_FULL);
            bufferFullReplies++;
            return 0;
        }
        buf.set(JAVA_INT, IOCTL_DATA_SIZE, (int) (IOCTL_SIZE + needed));
        long nl = IOCTL_SIZE;
        long old = -1;
        for (Device d : devices.values()) {
            if (old >= 0) buf.set(JAVA_INT, old + NAME_LIST_NEXT, (int) (nl - old));
            buf.set(JAVA_LONG, nl + NAME_LIST_DEV, (253L << 8) | d.minor());
            buf.set(JAVA_INT, nl + NAME_LIST_NEXT, 0);
            long eventNr = align8(put(buf, nl + NAME_LIST_NAME, d.name()));
            old = nl;
            buf.set(JAVA_INT, eventNr, d.eventNr());
            int flags = 0;
            long uuidAt = align8(eventNr + 8);
            if (uuids) {
                if (!d.uuid().isEmpty()) {
                    flags |= DmFlags.NAME_LIST_HAS_UUID;
                    uuidAt = align8(put(buf, uuidAt, d.uuid()));
                } else {
                    flags |= DmFlags.NAME_LIST_DOESNT_HAVE_UUID;
                }
            }
            buf.set(JAVA_INT, eventNr + 4, flags);
            nl = uuidAt;
        }
        return 0;
    }

    /** dm-ioctl.c populate_table(): each spec's next is relative to itself and must be 8-aligned. */
    private int load(MemorySegment buf, int size) {
        Device d = devices.get(string(buf, IOCTL_NAME));
        if (d == null) return -6;
        int count = buf.get(JAVA_INT, IOCTL_TARGET_COUNT);
        if (count == 0) return -22;
        long spec = 0;
        long next = buf.get(JAVA_INT, IOCTL_DATA_START);
        long minSize = IOCTL_SIZE;
        List<String[]> table = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (next < minSize) return -22;
            if (size - spec - SPEC_SIZE <= next) return -22;
            if (next % 8 != 0) return -22;
            spec += next;
            long params = spec + SPEC_SIZE;
            long nul = params;
            while (nul < size && buf.get(JAVA_BYTE, nul) != 0) nul++;
            if (nul >= size) return -22;
            minSize = nul - spec + 1;
            table.add(new String[]{Long.toString(buf.get(JAVA_LONG, spec + SPEC_SECTOR_START)),
                    Long.toString(buf.get(JAVA_LONG, spec + SPEC_LENGTH)), string(buf, spec + SPEC_TARGET_TYPE),
                    string(buf, params)});
            next = Integer.toUnsignedLong(buf.get(JAVA_INT, spec + SPEC_NEXT));
        }
        d.table().clear();
        d.table().addAll(table);
        buf.set(JAVA_INT, IOCTL_FLAGS, buf.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.INACTIVE_PRESENT);
        return 0;
    }

    /** retrieve_status(): output at 312, next relative to the first spec, BUFFER_FULL when short. */
    private int status(MemorySegment buf, int size) {
        Device d = devices.get(string(buf, IOCTL_NAME));
        if (d == null) return -6;
        buf.set(JAVA_INT, IOCTL_TARGET_COUNT, d.table().size());
        long first = IOCTL_SIZE;
        long spec = first;
        for (String[] line : d.table()) {
            if (size - spec <= SPEC_SIZE) {
                buf.set(JAVA_INT, IOCTL_FLAGS, buf.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.BUFFER_FULL);
                bufferFullReplies++;
                return 0;
            }
            byte[] text = line[3].getBytes(StandardCharsets.UTF_8);
            if (spec + SPEC_SIZE + text.length + 1 > size) {
                buf.set(JAVA_INT, IOCTL_FLAGS, buf.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.BUFFER_FULL);
                bufferFullReplies++;
                return 0;
            }
            buf.set(JAVA_LONG, spec + SPEC_SECTOR_START, Long.parseLong(line[0]));
            buf.set(JAVA_LONG, spec + SPEC_LENGTH, Long.parseLong(line[1]));
            put(buf, spec + SPEC_TARGET_TYPE, line[2]);
            long end = put(buf, spec + SPEC_SIZE, line[3]);
            buf.set(JAVA_INT, IOCTL_DATA_SIZE, (int) end);
            long nextSpec = align8(end);
            buf.set(JAVA_INT, spec + SPEC_NEXT, (int) (nextSpec - first));
            spec = nextSpec;
        }
        buf.set(JAVA_INT, IOCTL_FLAGS, buf.get(JAVA_INT, IOCTL_FLAGS) | DmFlags.ACTIVE_PRESENT);
        return 0;
    }
}
