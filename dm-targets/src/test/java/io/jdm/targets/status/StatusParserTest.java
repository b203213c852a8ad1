package io.jdm.targets.status;

import io.jdm.api.DeviceNumber;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each parser on the kernel's own texts (as printed by the 6.1 sources), and on texts it must refuse. */
class StatusParserTest {

    private static <T> T ok(StatusResult<T> r) {
        assertInstanceOf(StatusResult.Parsed.class, r, r::toString);
        return r.orElseThrow();
    }

    private static StatusParseError failed(StatusResult<?> r) {
        return assertInstanceOf(StatusResult.Failed.class, r, r::toString).error();
    }

    @Test
    void thinPoolWorking() {
        ThinPoolStatus s = ok(ThinPoolStatus.parse("3 12/1024 5/160 - rw discard_passdown queue_if_no_space - 256 "));
        assertEquals(new ThinPoolStatus.Working(3, 12, 1024, 5, 160, OptionalLong.empty(), ThinPoolStatus.Mode.READ_WRITE,
                ThinPoolStatus.Discards.PASSDOWN, ThinPoolStatus.NoSpacePolicy.QUEUE, false, OptionalLong.of(256)), s);
        ThinPoolStatus t = ok(ThinPoolStatus.parse("0 9/1024 160/160 17 out_of_data_space ignore_discard error_if_no_space needs_check 256"));
        ThinPoolStatus.Working w = (ThinPoolStatus.Working) t;
        assertEquals(OptionalLong.of(17), w.heldMetadataRoot());
        assertEquals(ThinPoolStatus.Mode.OUT_OF_DATA_SPACE, w.mode());
        assertEquals(ThinPoolStatus.NoSpacePolicy.ERROR, w.noSpacePolicy());
        assertTrue(w.needsCheck());
        // a kernel without the low watermark field
        assertEquals(OptionalLong.empty(),
                ((ThinPoolStatus.Working) ok(ThinPoolStatus.parse("0 9/1024 1/160 - ro no_discard_passdown queue_if_no_space -")))
                        .metadataLowWatermark());
    }

    @Test
    void thinPoolSingleWords() {
        assertEquals(new ThinPoolStatus.Fail(), ok(ThinPoolStatus.parse("Fail")));
        assertEquals(new ThinPoolStatus.MetadataError(), ok(ThinPoolStatus.parse("Error ")));
        StatusParseError e = failed(ThinPoolStatus.parse("3 12/1024 5/160 - sideways discard_passdown queue_if_no_space - 256"));
        assertTrue(e.reason().contains("sideways"), e.reason());
        assertEquals("3 12/1024 5/160 - sideways discard_passdown queue_if_no_space - 256", e.text());
        assertTrue(e.message().contains("thin-pool"));
        failed(ThinPoolStatus.parse("3 12-1024 5/160 - rw discard_passdown queue_if_no_space - 256"));
        failed(ThinPoolStatus.parse(""));
        failed(ThinPoolStatus.parse(null));
    }

    @Test
    void thin() {
        assertEquals(new ThinStatus.Mapped(0, OptionalLong.empty()), ok(ThinStatus.parse("0 -")));
        assertEquals(new ThinStatus.Mapped(256, OptionalLong.of(2047)), ok(ThinStatus.parse("256 2047")));
        assertEquals(new ThinStatus.Fail(), ok(ThinStatus.parse("Fail")));
        assertEquals(new ThinStatus.MetadataError(), ok(ThinStatus.parse("Error")));
        assertEquals(new ThinStatus.NoDevice(), ok(ThinStatus.parse("-")));
        failed(ThinStatus.parse("256"));
        failed(ThinStatus.parse("x 1"));
    }

    @Test
    void snapshot() {
        SnapshotStatus.Usage u = (SnapshotStatus.Usage) ok(SnapshotStatus.parse("32/8192 16"));
        assertEquals(new SnapshotStatus.Usage(32, 8192, OptionalLong.of(16)), u);
        assertFalse(u.mergeComplete());
        assertTrue(((SnapshotStatus.Usage) ok(SnapshotStatus.parse("16/8192 16"))).mergeComplete());
        assertEquals(new SnapshotStatus.Usage(32, 8192, OptionalLong.empty()), ok(SnapshotStatus.parse("32/8192")));
        assertEquals(new SnapshotStatus.Invalid(), ok(SnapshotStatus.parse("Invalid")));
        assertEquals(new SnapshotStatus.MergeFailed(), ok(SnapshotStatus.parse("Merge failed")));
        assertEquals(new SnapshotStatus.Overflow(), ok(SnapshotStatus.parse("Overflow")));
        assertEquals(new SnapshotStatus.Unknown(), ok(SnapshotStatus.parse("Unknown")));
        failed(SnapshotStatus.parse("Merge"));
        failed(SnapshotStatus.parse("32 8192 16"));
    }

    @Test
    void era() {
        assertEquals(new EraStatus.Working(8, 24, 4096, 1, OptionalLong.empty()), ok(EraStatus.parse("8 24/4096 1 -")));
        assertEquals(new EraStatus.Working(8, 24, 4096, 5, OptionalLong.of(99)), ok(EraStatus.parse("8 24/4096 5 99")));
        assertEquals(new EraStatus.MetadataError(), ok(EraStatus.parse("Error")));
        failed(EraStatus.parse("8 24/4096 5"));
    }

    @Test
    void striped() {
        StripedStatus s = ok(StripedStatus.parse("2 7:0 7:1 1 AD"));
        assertEquals(List.of(new StripedStatus.Stripe(DeviceNumber.of(7, 0), true),
                new StripedStatus.Stripe(DeviceNumber.of(7, 1), false)), s.stripes());
        assertFalse(s.allAlive());
        failed(StripedStatus.parse("2 7:0 7:1 1 A"));
        failed(StripedStatus.parse("2 7:0 7:1 1 AX"));
        failed(StripedStatus.parse("2 7:0 x 1 AA"));
        failed(StripedStatus.parse("0 1"));
    }

    @Test
    void delay() {
        assertEquals(new DelayStatus(1, 2, 3), ok(DelayStatus.parse("1 2 3")));
        failed(DelayStatus.parse("1 2"));
    }

    @Test
    void cache() {
        String text = "8 27/4096 128 3/256 10 20 30 40 1 2 0 1 writeback 2 migration_threshold 2048 smq 0 rw - ";
        CacheStatus.Working w = (CacheStatus.Working) ok(CacheStatus.parse(text));
        assertEquals(new CacheStatus.Working(8, 27, 4096, 128, 3, 256, 10, 20, 30, 40, 1, 2, 0, List.of("writeback"),
                List.of("migration_threshold", "2048"), "smq", List.of(), false, false), w);
        CacheStatus.Working m = (CacheStatus.Working) ok(CacheStatus.parse(
                "8 27/4096 128 3/256 0 0 0 0 0 0 5 2 metadata2 writethrough 2 migration_threshold 2048 mq 2 a b ro needs_check"));
        assertEquals(List.of("metadata2", "writethrough"), m.features());
        assertEquals(List.of("a", "b"), m.policyArgs());
        assertTrue(m.readOnly() && m.needsCheck());
        assertEquals(new CacheStatus.Fail(), ok(CacheStatus.parse("Fail")));
        assertEquals(new CacheStatus.MetadataError(), ok(CacheStatus.parse("Error")));
        failed(CacheStatus.parse("8 27/4096 128 3/256 10 20 30 40 1 2 0 5 writeback"));
    }

    @Test
    void orElseThrowCarriesTheText() {
        var e = assertThrows(io.jdm.api.UnexpectedReplyException.class, () -> DelayStatus.parse("1 two 3").orElseThrow());
        assertTrue(e.getMessage().contains("1 two 3") && e.getMessage().contains("delay"), e.getMessage());
    }

    @Test
    void registryPicksTheParserByType() {
        assertEquals(new DelayStatus(1, 2, 3),
                TargetStatuses.parse(new io.jdm.api.TargetStatus(0, 8, "delay", "1 2 3")).orElseThrow().orElseThrow());
        assertEquals(new SnapshotStatus.Overflow(), TargetStatuses.parse("snapshot-merge", "Overflow").orElseThrow().orElseThrow());
        assertTrue(TargetStatuses.parse("linear", "").isEmpty());
        assertTrue(TargetStatuses.parse("thin", "bogus").orElseThrow().parseError().isPresent());
    }

    @Test
    void dust() {
        assertEquals(new DustStatus(DeviceNumber.of(252, 17), false, false), ok(DustStatus.parse("252:17 bypass verbose")));
        assertEquals(new DustStatus(DeviceNumber.of(7, 0), true, true), ok(DustStatus.parse("7:0 fail_read_on_bad_block quiet ")));
        assertTrue(failed(DustStatus.parse("7:0 bypass loud")).reason().contains("verbosity"));
        assertTrue(failed(DustStatus.parse("sda bypass quiet")).reason().contains("major:minor"));
    }
}
