package io.jdm.ioctl.loop;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Pins the loop structs to include/uapi/linux/loop.h (x86_64 and every other 64-bit Linux ABI). */
class LoopAbiTest {

    private static long infoOffset(String field) {
        return LoopAbi.LOOP_INFO64.byteOffset(groupElement(field));
    }

    @Test
    void loopInfo64MatchesTheKernel() {
        assertEquals(232, LoopAbi.LOOP_INFO64.byteSize());
        assertEquals(8, LoopAbi.LOOP_INFO64.byteAlignment());
        assertEquals(0, infoOffset("lo_device"));
        assertEquals(8, infoOffset("lo_inode"));
        assertEquals(16, infoOffset("lo_rdevice"));
        assertEquals(24, infoOffset("lo_offset"));
        assertEquals(32, infoOffset("lo_sizelimit"));
        assertEquals(40, infoOffset("lo_number"));
        assertEquals(44, infoOffset("lo_encrypt_type"));
        assertEquals(48, infoOffset("lo_encrypt_key_size"));
        assertEquals(52, infoOffset("lo_flags"));
        assertEquals(56, infoOffset("lo_file_name"));
        assertEquals(120, infoOffset("lo_crypt_name"));
        assertEquals(184, infoOffset("lo_encrypt_key"));
        assertEquals(216, infoOffset("lo_init"));
    }

    @Test
    void loopConfigMatchesTheKernel() {
        assertEquals(304, LoopAbi.LOOP_CONFIG.byteSize());
        assertEquals(0, LoopAbi.LOOP_CONFIG.byteOffset(groupElement("fd")));
        assertEquals(4, LoopAbi.LOOP_CONFIG.byteOffset(groupElement("block_size")));
        assertEquals(8, LoopAbi.LOOP_CONFIG.byteOffset(groupElement("info")));
        assertEquals(8 + 52, LoopAbi.LOOP_CONFIG.byteOffset(groupElement("info"), groupElement("lo_flags")));
        assertEquals(240, LoopAbi.LOOP_CONFIG.byteOffset(groupElement("__reserved")));
    }

    @Test
    void requestCodesAndFlagsMatchTheKernel() {
        assertEquals(0x4C00, LoopAbi.LOOP_SET_FD);
        assertEquals(0x4C01, LoopAbi.LOOP_CLR_FD);
        assertEquals(0x4C04, LoopAbi.LOOP_SET_STATUS64);
        assertEquals(0x4C05, LoopAbi.LOOP_GET_STATUS64);
        assertEquals(0x4C08, LoopAbi.LOOP_SET_DIRECT_IO);
        assertEquals(0x4C0A, LoopAbi.LOOP_CONFIGURE);
        assertEquals(0x4C82, LoopAbi.LOOP_CTL_GET_FREE);
        assertEquals(1, LoopAbi.LO_FLAGS_READ_ONLY);
        assertEquals(4, LoopAbi.LO_FLAGS_AUTOCLEAR);
        assertEquals(8, LoopAbi.LO_FLAGS_PARTSCAN);
        assertEquals(16, LoopAbi.LO_FLAGS_DIRECT_IO);
    }

    @Test
    void configAccessorsWriteTheRightBytes() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment config = arena.allocate(LoopAbi.LOOP_CONFIG);
            LoopAbi.setConfigFd(config, 42);
            LoopAbi.setConfigBlockSize(config, 4096);
            MemorySegment info = LoopAbi.configInfo(config);
            LoopAbi.setInfoFlags(info, LoopOptions.defaults().withReadOnly(true).withDirectIo(true).loFlags());
            LoopAbi.setInfoFileName(info, "/tmp/x.img".getBytes(StandardCharsets.UTF_8));

            assertEquals(42, config.get(JAVA_INT, 0));
            assertEquals(4096, config.get(JAVA_INT, 4));
            assertEquals(1 | 4 | 16, config.get(JAVA_INT, 8 + 52));
            assertEquals('/', config.get(JAVA_BYTE, 8 + 56));
            assertEquals("/tmp/x.img", config.getString(8 + 56));
        }
    }

    @Test
    void longFileNamesAreCutAndStayNulTerminated() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(LoopAbi.LOOP_INFO64);
            info.fill((byte) 'x');
            LoopAbi.setInfoFileName(info, "/a".repeat(100).getBytes(StandardCharsets.UTF_8));
            assertEquals(0, info.get(JAVA_BYTE, 56 + 63));
            assertEquals(63, info.getString(56).length());
            assertEquals('x', info.get(JAVA_BYTE, 120)); // lo_crypt_name untouched
        }
    }

    @Test
    void defaultOptionsAreReadWriteAutoClear() {
        LoopOptions o = LoopOptions.defaults();
        assertEquals(new LoopOptions(false, true, false), o);
        assertEquals(LoopAbi.LO_FLAGS_AUTOCLEAR, o.loFlags());
        assertEquals(0, o.withAutoClear(false).loFlags());
    }
}
