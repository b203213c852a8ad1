package io.jdm.ioctl.loop;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The loop driver's kernel ABI ({@code include/uapi/linux/loop.h}): request codes, flags and the two
 * structs jdm sends. Hand-written; {@code LoopAbiTest} pins every size and offset to the kernel's.
 */
final class LoopAbi {
    // ioctls on /dev/loopN ('L' << 8 | nr); they take no _IOC size/direction bits
    static final long LOOP_SET_FD = 0x4C00;
    static final long LOOP_CLR_FD = 0x4C01;
    static final long LOOP_SET_STATUS64 = 0x4C04;
    static final long LOOP_GET_STATUS64 = 0x4C05;
    static final long LOOP_SET_CAPACITY = 0x4C07;
    static final long LOOP_SET_DIRECT_IO = 0x4C08;
    static final long LOOP_CONFIGURE = 0x4C0A;
    // ioctl on /dev/loop-control
    static final long LOOP_CTL_GET_FREE = 0x4C82;

    static final int LO_FLAGS_READ_ONLY = 1;
    static final int LO_FLAGS_AUTOCLEAR = 4;
    static final int LO_FLAGS_PARTSCAN = 8;
    static final int LO_FLAGS_DIRECT_IO = 16;

    static final int LO_NAME_SIZE = 64;
    static final int LO_KEY_SIZE = 32;

    /** Loop devices have block major 7 (LOOP_MAJOR). */
    static final int LOOP_MAJOR = 7;

    static final StructLayout LOOP_INFO64 = MemoryLayout.structLayout(
            JAVA_LONG.withName("lo_device"),
            JAVA_LONG.withName("lo_inode"),
            JAVA_LONG.withName("lo_rdevice"),
            JAVA_LONG.withName("lo_offset"),
            JAVA_LONG.withName("lo_sizelimit"),
            JAVA_INT.withName("lo_number"),
            JAVA_INT.withName("lo_encrypt_type"),
            JAVA_INT.withName("lo_encrypt_key_size"),
            JAVA_INT.withName("lo_flags"),
            MemoryLayout.sequenceLayout(LO_NAME_SIZE, JAVA_BYTE).withName("lo_file_name"),
            MemoryLayout.sequenceLayout(LO_NAME_SIZE, JAVA_BYTE).withName("lo_crypt_name"),
            MemoryLayout.sequenceLayout(LO_KEY_SIZE, JAVA_BYTE).withName("lo_encrypt_key"),
            MemoryLayout.sequenceLayout(2, JAVA_LONG).withName("lo_init")
    ).withName("loop_info64");

    static final StructLayout LOOP_CONFIG = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_INT.withName("block_size"),
            LOOP_INFO64.withName("info"),
            MemoryLayout.sequenceLayout(8, JAVA_LONG).withName("__reserved")
    ).withName("loop_config");

    static final long INFO_FLAGS_OFFSET = LOOP_INFO64.byteOffset(groupElement("lo_flags"));
    static final long INFO_FILE_NAME_OFFSET = LOOP_INFO64.byteOffset(groupElement("lo_file_name"));
    static final long CONFIG_INFO_OFFSET = LOOP_CONFIG.byteOffset(groupElement("info"));

    private static final VarHandle CONFIG_FD = LOOP_CONFIG.varHandle(groupElement("fd"));
    private static final VarHandle CONFIG_BLOCK_SIZE = LOOP_CONFIG.varHandle(groupElement("block_size"));
    private static final VarHandle INFO_FLAGS = LOOP_INFO64.varHandle(groupElement("lo_flags"));

    private LoopAbi() {
    }

    static void setConfigFd(MemorySegment config, int fd) {
        CONFIG_FD.set(config, 0L, fd);
    }

    static void setConfigBlockSize(MemorySegment config, int blockSize) {
        CONFIG_BLOCK_SIZE.set(config, 0L, blockSize);
    }

    static MemorySegment configInfo(MemorySegment config) {
        return config.asSlice(CONFIG_INFO_OFFSET, LOOP_INFO64);
    }

    static void setInfoFlags(MemorySegment info, int flags) {
        INFO_FLAGS.set(info, 0L, flags);
    }

    static int infoFlags(MemorySegment info) {
        return (int) INFO_FLAGS.get(info, 0L);
    }

    /**
     * Copies {@code name} into {@code lo_file_name}, cut to 63 bytes and NUL-terminated as losetup does;
     * the kernel only shows it back through LOOP_GET_STATUS64 (sysfs prints the real path).
     */
    static void setInfoFileName(MemorySegment info, byte[] name) {
        int n = Math.min(name.length, LO_NAME_SIZE - 1);
        MemorySegment field = info.asSlice(INFO_FILE_NAME_OFFSET, LO_NAME_SIZE);
        field.fill((byte) 0);
        MemorySegment.copy(name, 0, field, JAVA_BYTE, 0, n);
    }
}
