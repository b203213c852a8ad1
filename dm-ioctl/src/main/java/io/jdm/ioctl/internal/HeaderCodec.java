package io.jdm.ioctl.internal;

import io.jdm.api.DeviceFlag;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.DeviceUuid;
import io.jdm.api.InterfaceVersion;

import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.Set;

import static io.jdm.ioctl.internal.DmStructs.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Writes the {@code struct dm_ioctl} header of a request and reads the one of a reply. */
public final class HeaderCodec {
    private HeaderCodec() {
    }

    /**
     * Fills the header of a zeroed buffer: version, sizes, flags, the event number or udev cookie, and
     * the device given by exactly one of name, uuid or number (the kernel refuses a request that carries
     * more than one).
     */
    public static void write(MemorySegment buffer, int dataSize, CommandSpec spec, DeviceRef device, int flags, int eventNr) {
        InterfaceVersion v = spec.minimumVersion();
        buffer.set(JAVA_INT, IOCTL_VERSION, v.major());
        buffer.set(JAVA_INT, IOCTL_VERSION + 4, v.minor());
        buffer.set(JAVA_INT, IOCTL_VERSION + 8, v.patch());
        buffer.set(JAVA_INT, IOCTL_DATA_SIZE, dataSize);
        buffer.set(JAVA_INT, IOCTL_DATA_START, IOCTL_SIZE);
        buffer.set(JAVA_INT, IOCTL_FLAGS, flags);
        buffer.set(JAVA_INT, IOCTL_EVENT_NR, eventNr);
        switch (device) {
            case null -> { }
            case DeviceRef.ByName n -> writeName(buffer, n.name().value());
            case DeviceRef.ByUuid u -> CStrings.write(buffer, IOCTL_UUID, u.uuid().value());
            case DeviceRef.ByNumber d -> buffer.set(JAVA_LONG, IOCTL_DEV, d.number().encode());
        }
    }

    /** Puts a string in the name field: a device name, or a target type for GET_TARGET_VERSION. */
    public static void writeName(MemorySegment buffer, String name) {
        CStrings.write(buffer, IOCTL_NAME, name);
    }

    public static void writeUuid(MemorySegment buffer, String uuid) {
        CStrings.write(buffer, IOCTL_UUID, uuid);
    }

    public static void writeDev(MemorySegment buffer, long encodedDev) {
        buffer.set(JAVA_LONG, IOCTL_DEV, encodedDev);
    }

    public static int flags(MemorySegment buffer) {
        return buffer.get(JAVA_INT, IOCTL_FLAGS);
    }

    public static int dataSize(MemorySegment buffer) {
        return buffer.get(JAVA_INT, IOCTL_DATA_SIZE);
    }

    public static int dataStart(MemorySegment buffer) {
        return buffer.get(JAVA_INT, IOCTL_DATA_START);
    }

    public static int targetCount(MemorySegment buffer) {
        return buffer.get(JAVA_INT, IOCTL_TARGET_COUNT);
    }

    public static InterfaceVersion version(MemorySegment buffer) {
        return InterfaceVersion.of(buffer.get(JAVA_INT, IOCTL_VERSION), buffer.get(JAVA_INT, IOCTL_VERSION + 4),
                buffer.get(JAVA_INT, IOCTL_VERSION + 8));
    }

    /** The device state the kernel wrote back ({@code __dev_status} plus the canonical name and uuid). */
    public static DeviceInfo readInfo(MemorySegment buffer) {
        String uuid = CStrings.read(buffer, IOCTL_UUID, UUID_LEN);
        int flags = buffer.get(JAVA_INT, IOCTL_FLAGS);
        Set<DeviceFlag> decoded = DmFlags.decode(flags);
        return new DeviceInfo(
                new DeviceName(CStrings.read(buffer, IOCTL_NAME, NAME_LEN)),
                uuid.isEmpty() ? Optional.empty() : Optional.of(new DeviceUuid(uuid)),
                DeviceNumber.decode(buffer.get(JAVA_LONG, IOCTL_DEV)),
                buffer.get(JAVA_INT, IOCTL_OPEN_COUNT),
                Integer.toUnsignedLong(buffer.get(JAVA_INT, IOCTL_EVENT_NR)),
                buffer.get(JAVA_INT, IOCTL_TARGET_COUNT),
                decoded);
    }
}
