package io.jdm.ioctl;

import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.LoadOptions;
import io.jdm.api.SecretBytes;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.ioctl.internal.DmFlags;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key material goes to the kernel as secure data and comes back as {@link SecretBytes}, with our buffers wiped. */
class SecretTablesWithFakeKernelTest {
    private static final DeviceRef DEV = DeviceRef.name("c");

    private final FakeKernel kernel = new FakeKernel();
    private final IoctlDeviceMapper dm = kernel.deviceMapper();

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        new Random(seed).nextBytes(key);
        return key;
    }

    /** The part of the last request's buffer that the request used (the thread's buffer may be larger). */
    private boolean usedPartIsZero() {
        MemorySegment used = kernel.lastBuffer().asSlice(0, kernel.lastSize());
        return used.mismatch(MemorySegment.ofArray(new byte[kernel.lastSize()])) == -1;
    }

    @Test
    void aSecretGoesToTheKernelAsHexWithSecureDataAndNoCopyIsLeftInOurBuffer() {
        byte[] key = key(1);
        dm.create(DeviceName.of("c"));
        TableLine line = TableLine.withSecret(0, 100, "crypt", "aes-xts-plain64 <secret> 0 7:0 0 1 allow_discards",
                SecretBytes.copyOf(key));
        dm.load(DEV, Table.of(line), LoadOptions.defaults()); // secure data not asked for: the secret implies it

        assertEquals("aes-xts-plain64 " + HexFormat.of().formatHex(key) + " 0 7:0 0 1 allow_discards",
                kernel.device("c").params().getFirst());
        assertNotEquals(0, kernel.lastFlags() & DmFlags.SECURE_DATA);
        assertTrue(usedPartIsZero(), "the request buffer still holds data after a secure load");
    }

    @Test
    void aKeyWrittenAsTextIsSecureDataToo() {
        dm.create(DeviceName.of("c"));
        dm.load(DEV, Table.of(100, "crypt", "aes-xts-plain64 00112233 0 7:0 0"), LoadOptions.defaults());
        assertNotEquals(0, kernel.lastFlags() & DmFlags.SECURE_DATA);
        assertTrue(usedPartIsZero());

        dm.load(DEV, Table.of(100, "linear", "7:0 0"), LoadOptions.defaults());
        assertEquals(0, kernel.lastFlags() & DmFlags.SECURE_DATA);
    }

    /** The kernel splits words on runs of any isspace: a key after a tab or two spaces is still the key. */
    @Test
    void aTextKeyAfterTabsOrDoubleSpacesIsSecureDataAndNeverInAnError() {
        dm.create(DeviceName.of("c"));
        for (String params : new String[] {"aes-xts-plain64\t00112233 0 7:0 0", "aes-xts-plain64  00112233 0 7:0 0"}) {
            dm.load(DEV, Table.of(100, "crypt", params), LoadOptions.defaults());
            assertNotEquals(0, kernel.lastFlags() & DmFlags.SECURE_DATA, params);
            assertTrue(usedPartIsZero(), params);
            kernel.failWith = 22;
            io.jdm.api.KernelException refused = org.junit.jupiter.api.Assertions.assertThrows(io.jdm.api.KernelException.class,
                    () -> dm.load(DEV, Table.of(100, "crypt", params), LoadOptions.defaults()));
            kernel.failWith = 0;
            assertFalse(refused.getMessage().contains("00112233"), refused.getMessage());
        }
    }

    @Test
    void aKeyReadBackComesAsSecretBytesAndTheReplyBufferIsWiped() {
        byte[] key = key(2);
        dm.create(DeviceName.of("c"));
        SecretBytes sent = SecretBytes.copyOf(key);
        Table table = Table.of(TableLine.of(0, 8, "linear", "7:0 0"),
                TableLine.withSecret(8, 8, "crypt", "aes-cbc-essiv:sha256 <secret> 0 7:0 0", sent),
                TableLine.of(16, 8, "linear", "7:0 16"));
        dm.load(DEV, table, LoadOptions.defaults());
        dm.resume(DEV);

        Table back = dm.table(DEV).table();
        TableLine crypt = back.lines().get(1);
        assertEquals("aes-cbc-essiv:sha256 <secret> 0 7:0 0", crypt.params());
        assertEquals(sent, crypt.secret());
        assertEquals(table, back);
        String hex = HexFormat.of().formatHex(key);
        assertFalse(back.toString().contains(hex), back.toString());
        assertEquals("aes-cbc-essiv:sha256 " + hex + " 0 7:0 0", crypt.revealedParams());
        assertNotEquals(0, kernel.lastFlags() & DmFlags.STATUS_TABLE);
        assertNotEquals(0, kernel.lastFlags() & DmFlags.SECURE_DATA);
        assertTrue(usedPartIsZero(), "the reply buffer still holds data after reading a table");

        back.destroySecrets();
        assertTrue(crypt.secret().isDestroyed());
        assertFalse(sent.isDestroyed(), "the table read back shares nothing with the one sent");
    }

    @Test
    void aSecretInATableTooLargeForTheCachedBufferRoundTrips() {
        dm.create(DeviceName.of("c"));
        SecretBytes sent = SecretBytes.copyOf(key(3));
        Table.Builder builder = Table.builder();
        for (int i = 0; i < 300; i++) {
            builder.add(8, "linear", "7:0 " + i * 8 + " padding-to-make-the-request-larger-than-sixteen-kib");
        }
        java.util.List<TableLine> lines = new java.util.ArrayList<>(builder.build().lines());
        lines.add(TableLine.withSecret(2400, 8, "crypt", "aes-xts-plain64 <secret> 0 7:0 0", sent));
        Table table = new Table(lines);
        dm.load(DEV, table, LoadOptions.defaults());
        assertTrue(kernel.lastSize() > 16 * 1024);
        assertTrue(usedPartIsZero());
        dm.resume(DEV);
        assertEquals(table, dm.table(DEV).table());
        assertTrue(usedPartIsZero());
    }

    @Test
    void keyringReferencesAndNoKeyStayText() {
        dm.create(DeviceName.of("c"));
        for (String params : new String[] {"aes-xts-plain64 :64:logon:jdm:disk 0 7:0 0", "cipher_null-ecb - 0 7:0 0",
                "aes-xts-plain64 abc 0 7:0 0" /* odd: not a key the kernel would print */}) {
            dm.load(DEV, Table.of(100, "crypt", params), LoadOptions.defaults());
            dm.resume(DEV);
            TableLine back = dm.table(DEV).table().lines().getFirst();
            assertNull(back.secret(), params);
            assertEquals(params, back.params());
        }
    }
}
