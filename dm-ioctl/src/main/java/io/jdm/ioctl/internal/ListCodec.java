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

/**
 * The list-shaped replies: devices, target versions, dependencies. Every record is checked to lie
 * within the reply's data (which ends at {@code end}) and each {@code next} to move forward, so a bad
 * reply ends the walk with a {@link BadReply}, never a read past the data or an endless loop.
 */
public final class ListCodec {
    private ListCodec() {
    }

    /**
     * Reads a chain of {@code dm_name_list} records starting at {@code first}. An empty list is a record
     * with {@code dev == 0} that the kernel does not even copy back: the data is empty.
     *
     * @param hasTrailer the kernel writes {@code event_nr} and flags after each name (interface 4.38+)
     */
    public static List<ListedDevice> readDevices(MemorySegment buffer, long first, long end, boolean hasTrailer) {
        List<ListedDevice> out = new ArrayList<>();
        if (end <= first) {
            return out;
        }
        long record = first;
        while (true) {
            long nameAt = record + NAME_LIST_NAME;
            if (nameAt >= end) {
                throw BadReply.malformed("device list record at " + record + " lies past the reply's end (" + end + ")");
            }
            long dev = buffer.get(JAVA_LONG, record + NAME_LIST_DEV);
            long next = Integer.toUnsignedLong(buffer.get(JAVA_INT, record + NAME_LIST_NEXT));
            if (next != 0 && (next % 8 != 0 || next <= NAME_LIST_NAME || record + next >= end)) {
                throw BadReply.malformed("device list record at " + record + " has next " + next
                        + ", which does not lead to another record within the reply (" + end + ")");
            }
            long recordEnd = next == 0 ? end : record + next;
            long nameLength = CStrings.length(buffer, nameAt, recordEnd);
            if (nameLength < 0) {
                throw BadReply.malformed("device name at " + nameAt + " is not terminated within its record");
            }
            String name = CStrings.read(buffer, nameAt, nameLength);
            OptionalLong eventNr = OptionalLong.empty();
            Optional<DeviceUuid> uuid = Optional.empty();
            if (hasTrailer) {
                long trailer = align8(nameAt + nameLength + 1);
                if (trailer + 8 > recordEnd) {
                    throw BadReply.malformed("device list record at " + record + " has no room for its event number and flags");
                }
                eventNr = OptionalLong.of(Integer.toUnsignedLong(buffer.get(JAVA_INT, trailer)));
                if ((buffer.get(JAVA_INT, trailer + 4) & DmFlags.NAME_LIST_HAS_UUID) != 0) {
                    long uuidAt = align8(trailer + 8);
                    long uuidLength = CStrings.length(buffer, uuidAt, Math.min(recordEnd, uuidAt + UUID_LEN));
                    if (uuidLength < 0) {
                        throw BadReply.malformed("the uuid of device list record at " + record + " is not terminated within it");
                    }
                    if (uuidLength > 0) {
                        // the constructors hold what the kernel reports to the kernel's rules only
                        uuid = Optional.of(new DeviceUuid(CStrings.read(buffer, uuidAt, uuidLength)));
                    }
                }
            }
            out.add(new ListedDevice(new DeviceName(name), DeviceNumber.decode(dev), eventNr, uuid));
            if (next == 0) {
                return out;
            }
            record += next;
        }
    }

    /** Reads a chain of {@code dm_target_versions} records starting at {@code first}. */
    public static List<TargetVersion> readVersions(MemorySegment buffer, long first, long end) {
        List<TargetVersion> out = new ArrayList<>();
        if (end <= first) {
            return out;
        }
        long record = first;
        while (true) {
            long nameAt = record + VERSIONS_NAME;
            long nameLength = nameAt < end ? CStrings.length(buffer, nameAt, end) : -1;
            if (nameLength <= 0) {
                throw BadReply.malformed("target version record at " + record + " has no terminated name within the reply (" + end + ")");
            }
            long next = Integer.toUnsignedLong(buffer.get(JAVA_INT, record + VERSIONS_NEXT));
            out.add(new TargetVersion(CStrings.read(buffer, nameAt, nameLength),
                    buffer.get(JAVA_INT, record + VERSIONS_VERSION),
                    buffer.get(JAVA_INT, record + VERSIONS_VERSION + 4),
                    buffer.get(JAVA_INT, record + VERSIONS_VERSION + 8)));
            if (next == 0) {
                return out;
            }
            if (next < VERSIONS_NAME + nameLength + 1 || next % 8 != 0 || record + next >= end) {
                throw BadReply.malformed("target version record at " + record + " has next " + next
                        + ", which does not lead past its name to another record within the reply (" + end + ")");
            }
            record += next;
        }
    }

    /** Reads a {@code dm_target_deps} at {@code at}; the reply ends right after its {@code count} devices. */
    public static List<DeviceNumber> readDeps(MemorySegment buffer, long at, long end) {
        if (end <= at) {
            return List.of(); // no table: nothing written
        }
        if (at + DEPS_DEV > end) {
            throw BadReply.malformed("the dependency list's header does not fit the reply (" + end + " bytes)");
        }
        long count = Integer.toUnsignedLong(buffer.get(JAVA_INT, at + DEPS_COUNT));
        if (at + DEPS_DEV + 8 * count != end) {
            throw BadReply.malformed("dependency count " + count + " does not match the reply (" + end + " bytes)");
        }
        List<DeviceNumber> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) {
            out.add(DeviceNumber.decode(buffer.get(JAVA_LONG, at + DEPS_DEV + 8L * i)));
        }
        return out;
    }
}
