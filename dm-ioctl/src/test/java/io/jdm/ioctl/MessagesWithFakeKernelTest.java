package io.jdm.ioctl;

import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.InvalidInputException;
import io.jdm.api.KernelException;
import io.jdm.api.Table;
import io.jdm.ioctl.internal.DmFlags;
import io.jdm.ioctl.internal.RequestBuffers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Target messages: sent as the kernel's splitter reads them, refused when they cannot be, and keys kept secret. */
class MessagesWithFakeKernelTest {
    private static final DeviceRef DEV = DeviceRef.name("c");
    private static final String KEY = "00112233445566778899aabbccddeeff";
    private final FakeKernel kernel = new FakeKernel();
    private final IoctlDeviceMapper dm = kernel.deviceMapper();

    @BeforeEach
    void aDeviceWithALiveTable() {
        dm.createWithTable(DeviceName.of("c"), Table.of(8, "zero", ""));
    }

    private boolean usedPartIsZero() {
        MemorySegment used = kernel.lastBuffer().asSlice(0, kernel.lastSize());
        return used.mismatch(MemorySegment.ofArray(new byte[kernel.lastSize()])) == -1;
    }

    private static boolean holdsKey(MemorySegment segment) {
        byte[] key = KEY.getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = segment.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        outer:
        for (int i = 0; i + key.length <= bytes.length; i++) {
            for (int j = 0; j < key.length; j++) {
                if (bytes[i + j] != key[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** dm-crypt matches "key" and "set" case-insensitively after the kernel's split on any isspace run. */
    @ParameterizedTest
    @ValueSource(strings = {"key set " + KEY, "key\tset\t" + KEY, "key  set  " + KEY, "KEY Set " + KEY, " key set " + KEY + " "})
    void aKeySetMessageGoesAsSecureDataIsWipedAndNeverQuoted(String message) {
        dm.message(DEV, 0, message);
        assertEquals("key set " + KEY, kernel.messages().getLast().toLowerCase());
        assertNotEquals(0, kernel.lastFlags() & DmFlags.SECURE_DATA, message);
        assertTrue(usedPartIsZero(), "the request buffer still holds the message");
        for (MemorySegment idle : RequestBuffers.idle()) {
            assertFalse(holdsKey(idle), "a pooled buffer still holds the key");
        }

        kernel.failWith = FakeKernel.EINVAL;
        KernelException refused = assertThrows(KernelException.class, () -> dm.message(DEV, 0, message));
        assertFalse(refused.getMessage().contains(KEY), refused.getMessage());
        assertTrue(refused.sent().orElseThrow().contains("<secret>"), refused.getMessage());
        assertNotEquals(0, kernel.lastFlags() & DmFlags.SECURE_DATA);
    }

    @Test
    void otherMessagesAreNotSecureAndAreQuotedWhenRefused() {
        dm.message(DEV, 0, "key wipe");
        assertEquals(0, kernel.lastFlags() & DmFlags.SECURE_DATA);
        kernel.failWith = FakeKernel.EINVAL;
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> dm.message(DEV, 0, "create_thin 7"));
        assertEquals("sector 0 message 'create_thin 7'", e.sent().orElseThrow());
    }

    /** dm_split_args treats a backslash as an escape, for messages as for tables: one is sent as two. */
    @Test
    void backslashesArriveAsTheyWereWritten() {
        dm.message(DEV, 0, "@stats_create - /1 0 prog\\id");
        assertEquals("@stats_create - /1 0 prog\\id", kernel.messages().getLast()); // the words the kernel split
        dm.message(DEV, 0, "x \\\\ \u00e9t\u00e9 \ud83d\ude00");
        assertEquals("x \\\\ \u00e9t\u00e9 \ud83d\ude00", new String(kernel.messages().getLast().getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \t", "two\nlines", "cr\rhere", "nul\0", "bell\u0007", "nb\u00a0sp", "\u00e0", "lone\ud800",
            "key set 0011\n2233"})
    void whatCannotBeSentIsRefusedBeforeAnythingIsSent(String message) {
        int before = kernel.calls();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> dm.message(DEV, 0, message));
        assertEquals(before, kernel.calls());
        assertFalse(e.getMessage().contains("2233"), e.getMessage());
    }
}
