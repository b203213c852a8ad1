package io.jdm.targets;

import io.jdm.api.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's rules, refused before anything is sent, each with a message that says what and why. */
class ValidationTest {
    private static final BlockDev A = BlockDev.of(7, 0);
    private static final BlockDev B = BlockDev.of(7, 1);

    private static String refused(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).getMessage();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 64, 127, 129, 192, 2_097_152 + 128, 4_194_304})
    void thinPoolBlockSizeOutsideRangeOrNotMultipleOf128IsRefused(long size) {
        String msg = refused(() -> ThinPoolTarget.of(A, B, size, 0));
        assertTrue(msg.contains("block size") && msg.contains(Long.toString(size)), msg);
    }

    @ParameterizedTest
    @ValueSource(longs = {128, 256, 2_097_152})
    void thinPoolBlockSizeBoundsAreAccepted(long size) {
        assertEquals(size, ThinPoolTarget.of(A, B, size, 0).dataBlockSize());
    }

    @Test
    void thinPoolTakesAtMostFourFeatures() {
        String msg = refused(() -> ThinPoolTarget.of(A, B, 128, 0, PoolFeature.values()));
        assertTrue(msg.contains("at most 4"), msg);
        assertThrows(InvalidInputException.class, () -> ThinPoolTarget.parse("7:0 7:1 128 0 5 skip_block_zeroing ignore_discard"
                + " no_discard_passdown read_only error_if_no_space"));
    }

    @Test
    void thinPoolFeaturesKeepTheirOrderAndEqualTheKernelsReadBack() {
        ThinPoolTarget t = ThinPoolTarget.of(A, B, 128, 10, PoolFeature.ERROR_IF_NO_SPACE, PoolFeature.SKIP_BLOCK_ZEROING);
        assertEquals(java.util.List.of(PoolFeature.ERROR_IF_NO_SPACE, PoolFeature.SKIP_BLOCK_ZEROING), t.features());
        assertEquals("7:0 7:1 128 10 2 error_if_no_space skip_block_zeroing", t.format());
        // the kernel prints them back in its own order: still the same pool
        ThinPoolTarget back = ThinPoolTarget.parse("7:0 7:1 128 10 2 skip_block_zeroing error_if_no_space ");
        assertEquals(t, back);
        assertEquals(t.hashCode(), back.hashCode());
        assertEquals(back.format(), t.canonical().format());
        assertNotEquals(t, t.withFeatures(java.util.List.of(PoolFeature.ERROR_IF_NO_SPACE)));
    }

    @Test
    void thinPoolRefusesDuplicatesAndSameDevices() {
        assertThrows(InvalidInputException.class, () -> ThinPoolTarget.of(A, B, 128, 0, PoolFeature.READ_ONLY, PoolFeature.READ_ONLY));
        assertThrows(InvalidInputException.class, () -> ThinPoolTarget.of(A, A, 128, 0));
        assertThrows(InvalidInputException.class, () -> ThinPoolTarget.parse("7:0 7:1 128 0 1 bogus"));
        assertThrows(InvalidInputException.class, () -> ThinPoolTarget.of(A, B, 128, 0, (PoolFeature) null));
        assertThrows(InvalidInputException.class, () -> new ThinPoolTarget(A, B, 128, 0, null));
    }

    @Test
    void thinIdsAre24Bit() {
        assertEquals(0xFFFFFF, ThinTarget.of(A, 0xFFFFFF).deviceId());
        assertTrue(refused(() -> ThinTarget.of(A, 0x1000000)).contains("16777216"));
        assertThrows(InvalidInputException.class, () -> ThinTarget.of(A, -1));
        assertThrows(InvalidInputException.class, () -> ThinTarget.parse("7:0 16777216"));
        assertThrows(InvalidInputException.class, () -> new ThinTarget(A, 1, Optional.of(A)));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 4, 12, 1001})
    void eraBlockSizeMustBeAPositiveMultipleOf8(long size) {
        assertThrows(InvalidInputException.class, () -> new EraTarget(A, B, size));
    }

    @ParameterizedTest
    @ValueSource(longs = {3, 6, 24, 1L << 22})
    void snapshotChunkMustBeAPowerOfTwo(long chunk) {
        String msg = refused(() -> SnapshotTarget.of(A, B, SnapshotPersistence.PERSISTENT, chunk));
        assertTrue(msg.contains("power of two"), msg);
    }

    @Test
    void snapshotRules() {
        assertThrows(InvalidInputException.class, () -> SnapshotTarget.of(A, A, SnapshotPersistence.PERSISTENT, 8));
        assertThrows(InvalidInputException.class,
                () -> new SnapshotTarget(A, B, SnapshotPersistence.PERSISTENT, 8, false, true));
        assertThrows(InvalidInputException.class, () -> SnapshotTarget.parse("7:0 7:1 X 8"));
        assertEquals(SnapshotPersistence.PERSISTENT_OVERFLOW, SnapshotTarget.parse("7:0 7:1 po 8").persistence());
        assertEquals("7:0 7:1 P 8 2 discard_zeroes_cow discard_passdown_origin",
                new SnapshotTarget(A, B, SnapshotPersistence.PERSISTENT, 8, true, true).format());
    }

    @Test
    void flakeyConflicts() {
        FlakeyTarget base = FlakeyTarget.of(A, 0, 1, 1);
        assertTrue(refused(() -> base.withDropWrites(true).withErrorWrites(true)).contains("exclude"));
        assertThrows(InvalidInputException.class, () -> base.withDropWrites(true).withRandomWriteCorrupt(5));
        assertThrows(InvalidInputException.class,
                () -> base.withErrorWrites(true).withCorruptBioByte(new CorruptBioByte(1, CorruptBioByte.Direction.WRITE, 0, 0)));
        assertThrows(InvalidInputException.class, () -> base.withErrorReads(true).withRandomReadCorrupt(5));
        assertThrows(InvalidInputException.class,
                () -> base.withErrorReads(true).withCorruptBioByte(new CorruptBioByte(1, CorruptBioByte.Direction.READ, 0, 0)));
        assertDoesNotThrow(() -> base.withErrorReads(true)
                .withCorruptBioByte(new CorruptBioByte(1, CorruptBioByte.Direction.WRITE, 0, 0)));
        assertDoesNotThrow(() -> base.withDropWrites(true)
                .withCorruptBioByte(new CorruptBioByte(1, CorruptBioByte.Direction.READ, 0, 0)));
        assertThrows(InvalidInputException.class, () -> FlakeyTarget.of(A, 0, 0, 0));
        assertThrows(InvalidInputException.class, () -> base.withRandomReadCorrupt(FlakeyTarget.MAX_PROBABILITY + 1));
        assertThrows(InvalidInputException.class, () -> FlakeyTarget.parse("7:0 0 1 1 2 drop_writes drop_writes"));
        assertThrows(InvalidInputException.class, () -> FlakeyTarget.parse("7:0 0 1 1 3 corrupt_bio_byte 1 r"));
    }

    @Test
    void flakeyReadsTheKernelsForms() {
        // 6.1 reads a feature-less table back with a count of 0 and a trailing space
        assertEquals(FlakeyTarget.of(A, 0, 5, 5), FlakeyTarget.parse("7:0 0 5 5 0 "));
        FlakeyTarget t = FlakeyTarget.parse("7:0 8 5 6 6 drop_writes corrupt_bio_byte 32 r 1 0 ");
        assertTrue(t.dropWrites());
        assertEquals(new CorruptBioByte(32, CorruptBioByte.Direction.READ, 1, 0), t.corruptBioByte().orElseThrow());
        assertEquals("7:0 8 5 6 6 drop_writes corrupt_bio_byte 32 r 1 0", t.format());
        assertEquals(OptionalLong.empty(), t.randomReadCorrupt());
        // newer kernels read a feature-less table back with the two errors it implies
        FlakeyTarget plain = FlakeyTarget.of(A, 0, 5, 5);
        FlakeyTarget newer = FlakeyTarget.parse("7:0 0 5 5 2 error_reads error_writes ");
        assertEquals(newer, plain.effective());
        assertEquals(newer.effective(), plain.effective());
        assertEquals(t, t.effective());
    }

    @Test
    void delayTakes3Or6Or9Arguments() {
        assertThrows(InvalidInputException.class, () -> DelayTarget.parse("7:0 0 10 7:1 0"));
        assertEquals("7:0 0 10 7:1 5 20", DelayTarget.parse("7:0 0 10 7:1 5 20").format());
        assertThrows(InvalidInputException.class, () -> new DelayTarget(new DelayTarget.Leg(A, 0, 1), Optional.empty(),
                Optional.of(new DelayTarget.Leg(A, 0, 1))));
    }

    @Test
    void stripedChecksItsLength() {
        StripedTarget t = new StripedTarget(8, List.of(new StripedTarget.Stripe(A, 0), new StripedTarget.Stripe(B, 0)));
        assertEquals("2 8 7:0 0 7:1 0", t.format());
        assertDoesNotThrow(() -> t.line(0, 32));
        assertTrue(refused(() -> t.line(0, 33)).contains("divisible"));
        assertTrue(refused(() -> t.line(0, 24)).contains("chunk"));
        assertThrows(InvalidInputException.class, () -> StripedTarget.parse("2 8 7:0 0"));
        assertThrows(InvalidInputException.class, () -> new StripedTarget(0, List.of(new StripedTarget.Stripe(A, 0))));
    }

    @Test
    void cacheRules() {
        assertThrows(InvalidInputException.class, () -> CacheTarget.of(A, B, BlockDev.of(7, 2), 96));
        assertThrows(InvalidInputException.class, () -> CacheTarget.of(A, B, BlockDev.of(7, 2), 32));
        assertThrows(InvalidInputException.class, () -> new CacheTarget(A, B, BlockDev.of(7, 2), 64,
                List.of(CacheFeature.WRITETHROUGH, CacheFeature.PASSTHROUGH), "default", List.of()));
        assertThrows(InvalidInputException.class, () -> CacheTarget.parse("7:0 7:1 7:2 64 0 default 1 x"));
        // the kernel echoes the args after the devices as given, so the order of features is kept
        String text = "7:0 7:1 7:2 128 2 metadata2 writethrough smq 2 migration_threshold 2048";
        assertEquals(text, CacheTarget.parse(text).format());
    }

    @Test
    void devicesAreNumbersOrAbsolutePaths() {
        assertEquals(BlockDev.path("/dev/loop0"), LinearTarget.parse("/dev/loop0 0").device());
        assertThrows(InvalidInputException.class, () -> LinearTarget.parse("loop0 0"));
        assertThrows(InvalidInputException.class, () -> LinearTarget.parse("7:0 -1"));
        assertThrows(InvalidInputException.class, () -> LinearTarget.parse("7:0 1 2"));
        assertThrows(InvalidInputException.class, () -> BlockDev.path("/dev/a b"));
    }

    @Test
    void registryKeepsUnknownOrUnreadableLinesRaw() {
        assertEquals(new RawTarget("mirror", "core 1 1024 2 7:0 0 7:1 0 1 handle_errors"),
                Targets.of("mirror", "core 1 1024 2 7:0 0 7:1 0 1 handle_errors"));
        // a newer kernel's feature we do not know yet: raw, not an exception
        assertEquals(new RawTarget("thin-pool", "7:0 7:1 128 0 1 some_future_flag "),
                Targets.of("thin-pool", "7:0 7:1 128 0 1 some_future_flag "));
        assertThrows(InvalidInputException.class, () -> Targets.parse("mirror", ""));
        assertEquals(TargetKinds.all().size(), Targets.knownTypes().size());
        assertTrue(Targets.knownTypes().contains("dust"));
    }

    @Test
    void tableBuilderConcatenatesAndChecks() {
        TargetTable t = Targets.table().linear(100, A, 0).linear(50, B, 10)
                .striped(64, 8, List.of(A, B), 1000).build();
        assertEquals(214, t.sectors());
        assertEquals(214, t.table().sectors());
        assertEquals(List.of(0L, 100L, 150L), t.table().lines().stream().map(l -> l.start()).toList());
        assertEquals("2 8 7:0 1000 7:1 1000", t.table().lines().get(2).params());
        assertTrue(!t.holdsSecret() && !t.loadOptions().secureData());
        assertThrows(InvalidInputException.class, () -> Targets.table().striped(60, 8, List.of(A, B), 0));
        assertEquals(t, TargetTable.of(t.table()));
    }

    @Test
    void dustBlockSizesAreThoseTheKernelTakes() {
        assertEquals("7:0 8 4096", DustTarget.of(A, 8, 4096).format());
        for (long bad : new long[] {0, 256, 513, 3 * 512, DustTarget.MAX_BLOCK_SIZE * 2}) {
            assertThrows(InvalidInputException.class, () -> DustTarget.of(A, 0, bad), Long.toString(bad));
        }
        assertThrows(InvalidInputException.class, () -> DustTarget.of(A, 0, 8192).line(0, 8)); // a block past the line
        assertEquals(8, DustTarget.of(A, 0, 4096).line(0, 8).length());
        assertThrows(InvalidInputException.class, () -> DustTarget.parse("7:0 0"));
    }
}
