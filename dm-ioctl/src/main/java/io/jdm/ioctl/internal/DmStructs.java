package io.jdm.ioctl.internal;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The device-mapper structs of {@code include/uapi/linux/dm-ioctl.h}, written out by hand with named
 * fields (x86_64 and every other 64-bit Linux ABI lay them out the same). The offsets the codecs use are
 * derived from these layouts, and a unit test pins each to the kernel's numbers.
 */
public final class DmStructs {
    private DmStructs() {
    }

    public static final int NAME_LEN = 128;
    public static final int UUID_LEN = 129;
    public static final int MAX_TYPE_NAME = 16;
    /** {@code DM_MAX_TARGETS} (dm-core.h): the most targets one table may have (more is EOVERFLOW). */
    public static final int MAX_TARGETS = 1 << 20;

    /** {@code struct dm_ioctl}: 305 bytes of fields padded to 312. */
    public static final StructLayout DM_IOCTL = MemoryLayout.structLayout(
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("version"),
            JAVA_INT.withName("data_size"),
            JAVA_INT.withName("data_start"),
            JAVA_INT.withName("target_count"),
            JAVA_INT.withName("open_count"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("event_nr"),
            JAVA_INT.withName("padding"),
            JAVA_LONG.withName("dev"),
            MemoryLayout.sequenceLayout(NAME_LEN, JAVA_BYTE).withName("name"),
            MemoryLayout.sequenceLayout(UUID_LEN, JAVA_BYTE).withName("uuid"),
            MemoryLayout.sequenceLayout(7, JAVA_BYTE).withName("data")).withName("dm_ioctl");

    /** {@code struct dm_target_spec}, followed in memory by its NUL-terminated params. */
    public static final StructLayout DM_TARGET_SPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("sector_start"),
            JAVA_LONG.withName("length"),
            JAVA_INT.withName("status"),
            JAVA_INT.withName("next"),
            MemoryLayout.sequenceLayout(MAX_TYPE_NAME, JAVA_BYTE).withName("target_type")).withName("dm_target_spec");

    /** {@code struct dm_target_deps}: a count, then {@code count} encoded device numbers. */
    public static final StructLayout DM_TARGET_DEPS = MemoryLayout.structLayout(
            JAVA_INT.withName("count"),
            JAVA_INT.withName("padding"),
            MemoryLayout.sequenceLayout(0, JAVA_LONG).withName("dev")).withName("dm_target_deps");

    /**
     * {@code struct dm_name_list}: note the name starts at 12, inside the struct's 16 bytes. Each name is
     * followed (8-aligned) by {@code u32 event_nr, u32 flags} and, if flagged, an 8-aligned uuid.
     */
    public static final StructLayout DM_NAME_LIST = MemoryLayout.structLayout(
            JAVA_LONG.withName("dev"),
            JAVA_INT.withName("next"),
            MemoryLayout.sequenceLayout(4, JAVA_BYTE).withName("name")).withName("dm_name_list");

    /** {@code struct dm_target_versions}, followed by the target name. */
    public static final StructLayout DM_TARGET_VERSIONS = MemoryLayout.structLayout(
            JAVA_INT.withName("next"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("version"),
            MemoryLayout.sequenceLayout(0, JAVA_BYTE).withName("name")).withName("dm_target_versions");

    /** {@code struct dm_target_msg}, followed by the message. */
    public static final StructLayout DM_TARGET_MSG = MemoryLayout.structLayout(
            JAVA_LONG.withName("sector"),
            MemoryLayout.sequenceLayout(0, JAVA_BYTE).withName("message")).withName("dm_target_msg");

    // ---- offsets used by the codecs ---------------------------------------------------------------

    public static final long IOCTL_VERSION = offset(DM_IOCTL, "version");
    public static final long IOCTL_DATA_SIZE = offset(DM_IOCTL, "data_size");
    public static final long IOCTL_DATA_START = offset(DM_IOCTL, "data_start");
    public static final long IOCTL_TARGET_COUNT = offset(DM_IOCTL, "target_count");
    public static final long IOCTL_OPEN_COUNT = offset(DM_IOCTL, "open_count");
    public static final long IOCTL_FLAGS = offset(DM_IOCTL, "flags");
    public static final long IOCTL_EVENT_NR = offset(DM_IOCTL, "event_nr");
    public static final long IOCTL_DEV = offset(DM_IOCTL, "dev");
    public static final long IOCTL_NAME = offset(DM_IOCTL, "name");
    public static final long IOCTL_UUID = offset(DM_IOCTL, "uuid");
    /** Where "padding or data" starts: the kernel's minimum {@code data_size}. */
    public static final int IOCTL_MIN_DATA_SIZE = (int) offset(DM_IOCTL, "data");
    /** {@code sizeof(struct dm_ioctl)}, aligned to 8: where every request's and reply's data starts. */
    public static final int IOCTL_SIZE = (int) DM_IOCTL.byteSize();

    public static final int SPEC_SIZE = (int) DM_TARGET_SPEC.byteSize();
    public static final long SPEC_SECTOR_START = offset(DM_TARGET_SPEC, "sector_start");
    public static final long SPEC_LENGTH = offset(DM_TARGET_SPEC, "length");
    public static final long SPEC_STATUS = offset(DM_TARGET_SPEC, "status");
    public static final long SPEC_NEXT = offset(DM_TARGET_SPEC, "next");
    public static final long SPEC_TARGET_TYPE = offset(DM_TARGET_SPEC, "target_type");

    public static final long DEPS_COUNT = offset(DM_TARGET_DEPS, "count");
    public static final long DEPS_DEV = offset(DM_TARGET_DEPS, "dev");

    public static final long NAME_LIST_DEV = offset(DM_NAME_LIST, "dev");
    public static final long NAME_LIST_NEXT = offset(DM_NAME_LIST, "next");
    public static final long NAME_LIST_NAME = offset(DM_NAME_LIST, "name");

    public static final long VERSIONS_NEXT = offset(DM_TARGET_VERSIONS, "next");
    public static final long VERSIONS_VERSION = offset(DM_TARGET_VERSIONS, "version");
    public static final long VERSIONS_NAME = offset(DM_TARGET_VERSIONS, "name");

    public static final long MSG_SECTOR = offset(DM_TARGET_MSG, "sector");
    public static final long MSG_MESSAGE = offset(DM_TARGET_MSG, "message");

    private static long offset(StructLayout layout, String field) {
        return layout.byteOffset(groupElement(field));
    }

    /** Rounds up to the 8-byte alignment every device-mapper record uses. */
    public static long align8(long n) {
        return (n + 7) & ~7L;
    }
}
