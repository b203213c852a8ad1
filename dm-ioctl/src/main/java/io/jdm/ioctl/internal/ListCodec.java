package io.jdm.ioctl.internal;

import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceUuid;
import io.jdm.api.ListedDevice;
import io.jdm.api.TargetVersion;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.jdm.ioctl.internal.DmStructs.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** The list-shaped replies: devices, target versions, dependencies. */
public final class ListCodec {
    private ListCodec() {
    }

    /**
     * Reads a chain of {@code dm_name_list} records starting at {@code first}. An empty list is a record
     * with {@code dev == 0} that the kernel does not even copy back, which is why buffers are zeroed.
     *
     * @param hasTrailer the kernel writes {@code event_nr} and flags after each name (interface 4.38+)
     */
    public static List<ListedDevice> readDevices(MemorySegment buffer, long first, long end, boolean hasTrailer) {
        List<ListedDevice> out = new ArrayList<>();
        if (first + NAME_LIST_NAME > end || buffer.get(JAVA_LONG, first + NAME_LIST_DEV) == 0) {
            return out;
        }
        long record = first;
        while (true) {
            long dev = buffer.get(JAVA_LONG, record + NAME_LIST_DEV);
            long next = Integer.toUnsignedLong(buffer.get(JAVA_INT, record + NAME_LIST_NEXT));
            long recordEnd = next == 0 ? end : record + next;
            long nameAt = record + NAME_LIST_NAME;
            long nameLength = CStrings.length(buffer, nameAt, recordEnd);
            if (nameLength < 0) {
                throw new IllegalStateException("device name at " + nameAt + " is not terminated within its record");
            }
            String name = CStrings.read(buffer, nameAt, nameLength);
            OptionalLong eventNr = OptionalLong.empty();
            Optional<DeviceUuid> uuid = Optional.empty();
            long trailer = align8(nameAt + nameLength + 1);
            if (hasTrailer && trailer + 8 <= recordEnd) {
                eventNr = OptionalLong.of(Integer.toUnsignedLong(buffer.get(JAVA_INT, trailer)));
                int flags = buffer.get(JAVA_INT, trailer + 4);
                if ((flags & DmFlags.NAME_LIST_HAS_UUID) != 0) {
                    String text = CStrings.read(buffer, align8(trailer + 8), Math.min(UUID_LEN, recordEnd - align8(trailer + 8)));
                    if (!text.isEmpty()) {
                        uuid = Optional.of(new DeviceUuid(text));
                    }
                }
            }
            out.add(new ListedDevice(new DeviceName(name), DeviceNumber.decode(dev), eventNr, uuid));
            if (next == 0) {
                return out;
            }
            record += next;
            if (record + NAME_LIST_NAME > end) {
                throw new IllegalStateException("device list record at " + record + " lies past the reply's end (" + end + ")");
            }
        }
    }

    /** Reads a chain of {@code dm_target_versions} records starting at {@code first}. */
    public static List<TargetVersion> readVersions(MemorySegment buffer, long first, long end) {
        List<TargetVersion> out = new ArrayList<>();
        long record = first;
        while (record + VERSIONS_NAME < end) {
            long next = Integer.toUnsignedLong(buffer.get(JAVA_INT, record + VERSIONS_NEXT));
            String name = CStrings.read(buffer, record + VERSIONS_NAME, end - (record + VERSIONS_NAME));
            if (name.isEmpty()) {
                break;
            }
            out.add(new TargetVersion(name,
                    buffer.get(JAVA_INT, record + VERSIONS_VERSION),
                    buffer.get(JAVA_INT, record + VERSIONS_VERSION + 4),
                    buffer.get(JAVA_INT, record + VERSIONS_VERSION + 8)));
            if (next == 0) {
                break;
            }
            record += next;
        }
        return out;
    }

    /** Reads a {@code dm_target_deps} at {@code at}. */
    public static List<DeviceNumber> readDeps(MemorySegment buffer, long at, long end) {
        if (at + DEPS_DEV > end) {
            return List.of();
        }
        int count = buffer.get(JAVA_INT, at + DEPS_COUNT);
        if (count < 0 || at + DEPS_DEV + 8L * count > end) {
            throw new IllegalStateException("dependency count " + count + " does not fit the reply (" + end + " bytes)");
        }
        List<DeviceNumber> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(DeviceNumber.decode(buffer.get(JAVA_LONG, at + DEPS_DEV + 8L * i)));
        }
        return out;
    }
}
