package io.jdm.thin.metadata;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The checksum convention, checked against blocks the kernel wrote. */
class ChecksumTest {

    @Test
    void theKernelsSuperblockAndNodesCarryTheirChecksums() {
        Image image = Image.fixture();
        ByteBuffer sb = image.read(0);
        assertEquals(Checksum.stored(sb), Checksum.of(sb, Layout.SUPERBLOCK_SALT));
        ThinSuperblock parsed = ThinSuperblock.parse(sb, 0);
        for (long node : new long[] {parsed.deviceDetailsRoot(), parsed.dataMappingRoot()}) {
            ByteBuffer b = image.read(node);
            assertEquals(Checksum.stored(b), Checksum.of(b, Layout.BTREE_NODE_SALT), "node " + node);
            assertNotEquals(Checksum.stored(b), Checksum.of(b, Layout.SUPERBLOCK_SALT), "the salt tells kinds apart");
        }
    }

    /** crc32c(~0, data) without the final inversion, xor the salt: the JDK's CRC32C inverted. */
    @Test
    void theKernelsCrc32cHasNoFinalInversion() {
        ByteBuffer block = ByteBuffer.allocate(4096);
        block.put(4, "123456789".getBytes(StandardCharsets.US_ASCII));
        CRC32C jdk = new CRC32C();
        jdk.update(block.array(), 4, 4092);
        assertEquals(~(int) jdk.getValue() ^ 5, Checksum.of(block, 5));
        // the first 4 bytes (where the checksum goes) are not covered
        int before = Checksum.of(block, 5);
        block.putInt(0, 0xDEADBEEF);
        assertEquals(before, Checksum.of(block, 5));
        block.put(4095, (byte) 1);
        assertNotEquals(before, Checksum.of(block, 5));
        ThinMetadataException e = assertThrows(ThinMetadataException.class, () -> Checksum.verify(block, 5, 42, "test block"));
        assertEquals(ThinMetadataException.Kind.CHECKSUM, e.kind());
        assertEquals(java.util.OptionalLong.of(42), e.block());
    }
}
