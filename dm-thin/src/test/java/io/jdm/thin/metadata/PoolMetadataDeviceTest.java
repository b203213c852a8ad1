package io.jdm.thin.metadata;

import io.jdm.thin.metadata.PoolMetadataDevice.Prepared;
import io.jdm.thin.metadata.ThinMetadataException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A metadata device is wiped only on request: the rule, and what it refuses before any write. */
class PoolMetadataDeviceTest {
    private static final Path DEV = Path.of("/dev/meta");

    private static MetadataProbe probeOf(ByteBuffer block) {
        return MetadataProbe.probe(block);
    }

    @Test
    void zerosAreAFreshPoolWithOrWithoutAWipe() {
        MetadataProbe empty = probeOf(ByteBuffer.allocate(4096));
        assertEquals(Prepared.FRESH, PoolMetadataDevice.decide(DEV, empty, false));
        assertEquals(Prepared.FRESH, PoolMetadataDevice.decide(DEV, empty, true), "nothing there to wipe");
    }

    @Test
    void aPoolIsReactivatedUnlessAWipeIsAsked() {
        MetadataProbe pool = probeOf(Image.fixture().read(0));
        assertEquals(Prepared.EXISTING_POOL, PoolMetadataDevice.decide(DEV, pool, false));
        assertEquals(Prepared.WIPED, PoolMetadataDevice.decide(DEV, pool, true));
    }

    @Test
    void aDamagedPoolOrOtherDataIsRefusedUnlessAWipeIsAsked() {
        ByteBuffer damaged = Image.fixture().read(0);
        damaged.put(200, (byte) (damaged.get(200) ^ 1));
        ThinMetadataException e = assertThrows(ThinMetadataException.class,
                () -> PoolMetadataDevice.decide(DEV, probeOf(damaged), false));
        assertEquals(Kind.HOLDS_DATA, e.kind());
        assertTrue(e.getMessage().contains("/dev/meta") && e.getMessage().contains("thin_repair"), e.getMessage());
        assertEquals(Prepared.WIPED, PoolMetadataDevice.decide(DEV, probeOf(damaged), true));

        ByteBuffer ext4 = ByteBuffer.allocate(4096);
        ext4.put(1024 + 56, (byte) 0x53).put(1024 + 57, (byte) 0xEF);
        ThinMetadataException other = assertThrows(ThinMetadataException.class,
                () -> PoolMetadataDevice.decide(DEV, probeOf(ext4), false));
        assertEquals(Kind.HOLDS_DATA, other.kind());
        assertEquals(Prepared.WIPED, PoolMetadataDevice.decide(DEV, probeOf(ext4), true));
    }

    @Test
    void aFileIsRefusedAsNotABlockDeviceAndLeftUntouched(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("meta.img");
        byte[] content = new byte[8192];
        content[0] = 42;
        Files.write(file, content);
        ThinMetadataException e = assertThrows(ThinMetadataException.class, () -> PoolMetadataDevice.prepare(file, true));
        assertEquals(Kind.IO, e.kind());
        assertTrue(e.getMessage().contains("not a block device"), e.getMessage());
        assertArrayEquals(content, Files.readAllBytes(file));
    }
}
