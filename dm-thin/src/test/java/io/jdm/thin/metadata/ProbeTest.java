package io.jdm.thin.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What may be wiped: block 0 classified. */
class ProbeTest {

    private static ByteBuffer fixtureBlockZero() {
        return Image.fixture().read(0);
    }

    @Test
    void zerosAreEmptyAndNotAPool() {
        MetadataProbe p = MetadataProbe.probe(ByteBuffer.allocate(4096));
        assertInstanceOf(MetadataProbe.Empty.class, p);
        assertFalse(p.holdsPool());
        assertInstanceOf(MetadataProbe.Empty.class, MetadataProbe.probe(ByteBuffer.allocate(100)), "a short device of zeros");
    }

    @Test
    void aKernelWrittenSuperblockIsAPool() {
        MetadataProbe.Pool p = assertInstanceOf(MetadataProbe.Pool.class, MetadataProbe.probe(fixtureBlockZero()));
        assertTrue(p.holdsPool());
        assertEquals(8, p.superblock().transactionId());
    }

    @Test
    void anythingElseIsOther() {
        ByteBuffer one = ByteBuffer.allocate(4096);
        one.put(4095, (byte) 1);
        assertInstanceOf(MetadataProbe.Other.class, MetadataProbe.probe(one), "one byte at the very end counts");
        ByteBuffer ext4 = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        ext4.putShort(1024 + 56, (short) 0xEF53);
        assertInstanceOf(MetadataProbe.Other.class, MetadataProbe.probe(ext4));
        byte[] random = new byte[4096];
        new Random(7).nextBytes(random);
        MetadataProbe other = MetadataProbe.probe(ByteBuffer.wrap(random));
        assertInstanceOf(MetadataProbe.Other.class, other);
        assertFalse(other.holdsPool());
    }

    /** The magic alone makes it a pool's metadata: damaged, never Empty or Other. */
    @Test
    void theMagicWithABadChecksumOrFieldIsADamagedPool() {
        ByteBuffer flipped = fixtureBlockZero();
        flipped.put(200, (byte) (flipped.get(200) ^ 1));
        assertDamaged(flipped, "checksum");

        assertDamaged(resealed(b -> b.putLong(Layout.SB_BLOCKNR, 3)), "says it is block 3");
        assertDamaged(resealed(b -> b.putInt(Layout.SB_VERSION, 3)), "version 3");
        assertDamaged(resealed(b -> b.putInt(Layout.SB_METADATA_BLOCK_SIZE, 16)), "block size 16");
        assertDamaged(resealed(b -> b.putInt(Layout.SB_INCOMPAT_FLAGS, 1)), "incompatible features");

        ByteBuffer magicOnly = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        magicOnly.putLong(32, 27_022_010L);
        assertDamaged(magicOnly, "checksum");
    }

    private static ByteBuffer resealed(java.util.function.Consumer<ByteBuffer> edit) {
        ByteBuffer b = fixtureBlockZero();
        edit.accept(b);
        b.putInt(0, Checksum.of(b, Layout.SUPERBLOCK_SALT));
        return b;
    }

    private static void assertDamaged(ByteBuffer block, String reason) {
        MetadataProbe.DamagedPool d = assertInstanceOf(MetadataProbe.DamagedPool.class, MetadataProbe.probe(block));
        assertTrue(d.reason().contains(reason), d.reason());
        assertTrue(d.holdsPool());
    }

    @Test
    void theBufferIsReadFromItsPositionAndLeftAsItWas() {
        ByteBuffer b = ByteBuffer.allocate(4096 + 10);
        b.put(10, fixtureBlockZero(), 0, 4096);
        b.position(10);
        assertInstanceOf(MetadataProbe.Pool.class, MetadataProbe.probe(b));
        assertEquals(10, b.position());
        assertEquals(ByteOrder.BIG_ENDIAN, b.order());
    }

    @Test
    void filesAreProbedAndAMissingOneIsAnIoError(@TempDir Path dir) throws IOException {
        Path zeros = Files.write(dir.resolve("zeros"), new byte[8192]);
        assertInstanceOf(MetadataProbe.Empty.class, MetadataProbe.probe(zeros));
        Path tiny = Files.write(dir.resolve("tiny"), new byte[] {0, 0, 7});
        assertInstanceOf(MetadataProbe.Other.class, MetadataProbe.probe(tiny));
        Path pool = Files.write(dir.resolve("pool"), Image.fixture().bytes());
        assertInstanceOf(MetadataProbe.Pool.class, MetadataProbe.probe(pool));
        ThinMetadataException e = assertThrows(ThinMetadataException.class, () -> MetadataProbe.probe(dir.resolve("none")));
        assertEquals(ThinMetadataException.Kind.IO, e.kind());
    }
}
