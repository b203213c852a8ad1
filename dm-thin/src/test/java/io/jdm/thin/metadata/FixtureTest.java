package io.jdm.thin.metadata;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The reader on a metadata image the kernel wrote, against what thin_dump and thin_ls said about it. */
class FixtureTest {

    @Test
    void blockZerosStateReadsAsThinDumpAndThinLsSay() {
        try (MetadataReader reader = Image.fixture().reader()) {
            Oracle.assertMatches(reader, ThinDump.parse(Fixture.text(Fixture.DUMP)), ThinLs.parse(Fixture.text(Fixture.LS)));
        }
    }

    @Test
    void theSnapshotItStillHoldsReadsAsThinDumpMSays() {
        Image image = Image.fixture();
        ThinSuperblock blockZero = ThinSuperblock.parse(image.read(0), 0);
        try (MetadataReader snapshot = MetadataReader.ofSnapshotRoot(image, blockZero.heldRoot(),
                blockZero.dataSpaceMap().blockCount(), () -> { })) {
            assertEquals(blockZero.heldRoot(), snapshot.superblock().blockNumber());
            assertEquals(new ThinSuperblock.SpaceMapRoot(0, 0, 0, 0), snapshot.superblock().dataSpaceMap(),
                    "the kernel zeroes a snapshot's space map roots");
            Oracle.assertMatches(snapshot, ThinDump.parse(Fixture.text(Fixture.SNAPSHOT_DUMP)),
                    ThinLs.parse(Fixture.text(Fixture.SNAPSHOT_LS)));
        }
    }

    /** The kernel's superblock, field by field (the pool: 2 MiB metadata, 32 MiB data in 64 KiB blocks). */
    @Test
    void theSuperblockTheKernelWrote() {
        ThinSuperblock sb = ThinSuperblock.parse(Image.fixture().read(0), 0);
        assertEquals(0, sb.flags());
        assertFalse(sb.needsCheck());
        assertEquals(0, sb.blockNumber());
        assertEquals(new UUID(0, 0), sb.uuid());
        assertEquals(2, sb.version());
        assertEquals(2, sb.time(), "two snapshots were taken");
        assertEquals(8, sb.transactionId());
        assertEquals(OptionalLong.of(sb.heldRoot()), sb.heldMetadataRoot());
        assertEquals(512, sb.dataSpaceMap().blockCount(), "32 MiB of 64 KiB blocks");
        // data blocks with references: those the current trees map and those only the held snapshot maps
        long referenced = java.util.stream.Stream.of(Fixture.DUMP, Fixture.SNAPSHOT_DUMP)
                .flatMap(f -> ThinDump.parse(Fixture.text(f)).devices().stream())
                .flatMap(d -> d.mappings().stream()).map(ThinDump.Mapping::dataBlock).distinct().count();
        assertEquals(referenced, sb.dataSpaceMap().allocatedBlocks());
        assertEquals(512, sb.metadataSpaceMap().blockCount(), "2 MiB of 4 KiB blocks");
        assertEquals(512, sb.metadataBlockCount());
        assertEquals(128, sb.dataBlockSize());
        assertEquals(8, sb.metadataBlockSize());
        assertEquals(List.of(0, 0, 0), List.of(sb.compatFlags(), sb.compatRoFlags(), sb.incompatFlags()));
    }

    @Test
    void anImageFileIsReadThroughThePublicApi(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("meta.img");
        Files.write(file, Image.fixture().bytes());
        PoolMetadata metadata = PoolMetadata.read(file);
        assertEquals(ThinDump.parse(Fixture.text(Fixture.DUMP)).details(), metadata.devices());
        assertEquals(8, metadata.transactionId());
        assertEquals(512, metadata.dataBlockCount());
        assertEquals(OptionalLong.of(9), metadata.device(1).map(ThinDeviceDetails::mappedBlocks).stream()
                .mapToLong(Long::longValue).findFirst());
        assertEquals(java.util.Optional.empty(), metadata.device(3), "id 3 was deleted");
        MetadataProbe.Pool probed = assertInstanceOf(MetadataProbe.Pool.class, MetadataProbe.probe(file));
        assertEquals(metadata.superblock(), probed.superblock());
    }
}
