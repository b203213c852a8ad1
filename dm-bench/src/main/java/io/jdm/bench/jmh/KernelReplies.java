package io.jdm.bench.jmh;

import io.jdm.ioctl.internal.DmFlags;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.jdm.ioctl.internal.DmStructs.IOCTL_DATA_SIZE;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_FLAGS;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_SIZE;
import static io.jdm.ioctl.internal.DmStructs.IOCTL_TARGET_COUNT;
import static io.jdm.ioctl.internal.DmStructs.NAME_LIST_DEV;
import static io.jdm.ioctl.internal.DmStructs.NAME_LIST_NAME;
import static io.jdm.ioctl.internal.DmStructs.NAME_LIST_NEXT;
import static io.jdm.ioctl.internal.DmStructs.SPEC_LENGTH;
import static io.jdm.ioctl.internal.DmStructs.SPEC_NEXT;
import static io.jdm.ioctl.internal.DmStructs.SPEC_SECTOR_START;
import static io.jdm.ioctl.internal.DmStructs.SPEC_SIZE;
import static io.jdm.ioctl.internal.DmStructs.SPEC_TARGET_TYPE;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Reply buffers laid out the way the kernel's dm-ioctl.c writes them (list_devices(), retrieve_status()),
 * so that the decoders can be measured on realistic input without a kernel. Each reply is a whole
 * ioctl buffer: the 312-byte header with data_size, flags and target_count filled, then the data at 312.
 */
public final class KernelReplies {
    private KernelReplies() {
    }

    /** A device as LIST_DEVICES reports it. */
    public record Listed(String name, long encodedDev, int eventNr, String uuid) {
    }

    /** A target as TABLE_STATUS reports it. */
    public record Target(long start, long length, String type, String text) {
    }

    static long align8(long v) {
        return (v + 7) & ~7L;
    }

    private static long putString(MemorySegment buf, long at, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        MemorySegment.copy(b, 0, buf, JAVA_BYTE, at, b.length);
        buf.set(JAVA_BYTE, at + b.length, (byte) 0);
        return at + b.length + 1;
    }

    /**
     * A LIST_DEVICES reply with the 4.38+ trailer (event_nr, flags) and uuids, as when the request had
     * DM_UUID_FLAG: each record is dev, next (relative to this record), name, then at the next 8-byte
     * boundary event_nr and flags, then at the next boundary the uuid; the next record starts 8-aligned.
     */
    public static MemorySegment listDevices(List<Listed> devices, Arena arena) {
        long needed = 0;
        for (Listed d : devices) {
            needed += align8(NAME_LIST_NAME + d.name().getBytes(StandardCharsets.UTF_8).length + 1) + 8;
            if (!d.uuid().isEmpty()) {
                needed += align8(d.uuid().getBytes(StandardCharsets.UTF_8).length + 1);
            }
        }
        MemorySegment buf = arena.allocate(IOCTL_SIZE + Math.max(needed, 8), 8);
        buf.set(JAVA_INT, IOCTL_DATA_SIZE, (int) (IOCTL_SIZE + needed));
        long record = IOCTL_SIZE;
        long previous = -1;
        for (Listed d : devices) {
            if (previous >= 0) {
                buf.set(JAVA_INT, previous + NAME_LIST_NEXT, (int) (record - previous));
            }
            buf.set(JAVA_LONG, record + NAME_LIST_DEV, d.encodedDev());
            long trailer = align8(putString(buf, record + NAME_LIST_NAME, d.name()));
            buf.set(JAVA_INT, trailer, d.eventNr());
            long end = trailer + 8;
            if (d.uuid().isEmpty()) {
                buf.set(JAVA_INT, trailer + 4, DmFlags.NAME_LIST_DOESNT_HAVE_UUID);
            } else {
                buf.set(JAVA_INT, trailer + 4, DmFlags.NAME_LIST_HAS_UUID);
                end = putString(buf, align8(end), d.uuid());
            }
            previous = record;
            record = align8(end);
        }
        return buf;
    }

    /**
     * A TABLE_STATUS reply: specs from offset 312, each {@code next} relative to the first spec, text
     * NUL-terminated and padded to 8; data_size ends at the last NUL, as the kernel leaves it.
     */
    public static MemorySegment tableStatus(List<Target> targets, Arena arena) {
        long needed = 0;
        for (Target t : targets) {
            needed += SPEC_SIZE + align8(t.text().getBytes(StandardCharsets.UTF_8).length + 1);
        }
        MemorySegment buf = arena.allocate(IOCTL_SIZE + needed, 8);
        long first = IOCTL_SIZE;
        long spec = first;
        long end = first;
        for (Target t : targets) {
            buf.set(JAVA_LONG, spec + SPEC_SECTOR_START, t.start());
            buf.set(JAVA_LONG, spec + SPEC_LENGTH, t.length());
            putString(buf, spec + SPEC_TARGET_TYPE, t.type());
            end = putString(buf, spec + SPEC_SIZE, t.text());
            long next = align8(end);
            buf.set(JAVA_INT, spec + SPEC_NEXT, (int) (next - first));
            spec = next;
        }
        buf.set(JAVA_INT, IOCTL_DATA_SIZE, (int) end);
        buf.set(JAVA_INT, IOCTL_TARGET_COUNT, targets.size());
        buf.set(JAVA_INT, IOCTL_FLAGS, DmFlags.ACTIVE_PRESENT);
        return buf;
    }

    /** {@code count} devices named like an image-layering host's ({@code pool-thin-00042}), each with a uuid. */
    public static List<Listed> manyDevices(int count) {
        Listed[] out = new Listed[count];
        for (int i = 0; i < count; i++) {
            int minor = i + 1;
            long dev = (minor & 0xff) | (253L << 8) | ((long) (minor & ~0xff) << 12);
            out[i] = new Listed(String.format("pool-thin-%05d", i), dev, i % 7,
                    String.format("LVM-jdmbench%08dQx3kT9sPq0RrLm2w4Vn7Yb1Zc5Hd8Jf6", i));
        }
        return List.of(out);
    }

    /** {@code count} thin targets of 1 GiB each, with status text like "1048576 2097151". */
    public static List<Target> manyThinStatuses(int count) {
        Target[] out = new Target[count];
        long sectors = 2L * 1024 * 1024;
        for (int i = 0; i < count; i++) {
            out[i] = new Target(i * sectors, sectors, "thin", (i * 128L) + " " + (i * 128L + 127));
        }
        return List.of(out);
    }
}
