package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.ReferenceKernelOnly;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jdm thin monitor} on a real pool made by {@code jdm thin pool} from two image files (so both
 * spaces are loop files it can grow): writes past 80% of the data make it extend the data file by 20% and
 * reload the pool, and {@code --exit-after-extend 1} ends each run. In-process, like the other CLI tests.
 */
@KernelTest
@ReferenceKernelOnly
class ThinMonitorKernelTest {
    private static final long MIB = 1024 * 1024;
    private static final int BLOCK = 64 * 1024;
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Test
    void aPoolOnImageFilesGrowsByItselfAsWritesPassItsThreshold(DeviceMapper dm, DmScratch s) throws Exception {
        Twin twin = new Twin(dm);
        Path meta = LoopControl.createSparseFile(s.tempDir().resolve("meta.img"), 8 * MIB);
        Path data = LoopControl.createSparseFile(s.tempDir().resolve("data.img"), 16 * MIB);
        String pool = s.prefix() + "pool";
        String thin = s.prefix() + "thin";
        assertEquals(0, twin.jdm("thin", "pool", pool, meta.toString(), data.toString()).status());
        assertEquals(0, twin.jdm("thin", "create", pool, "0", thin, "64M").status());
        Path thinNode = Path.of("/dev/mapper", thin);

        // 14 of 16 MiB: 224 of 256 blocks, 87.5%; at 80% the kernel's low-water event (or the first check) comes,
        // and one step of 20% (256 + 51 = 307 blocks) brings it under 80% again
        RunningCli json = monitor(dm, pool, "--json");
        BlockIo.write(thinNode, 0, BlockIo.pattern(1, (int) (14 * MIB)));
        RunningCli.Result first = json.await(PATIENCE);
        assertEquals(0, first.status(), first.toString());
        List<Map<String, Object>> events = first.out().lines().map(JsonReader::object).toList();
        assertEquals(2, events.size(), first.out());
        Map<String, Object> reached = events.get(0);
        assertEquals("threshold_reached", reached.get("event"), first.out());
        assertEquals("data", reached.get("space"));
        long used = ((Number) reached.get("used_blocks")).longValue();
        assertTrue(used >= 205 && used <= 224, "reported at or over 80% of 256 blocks: " + used);
        Map<String, Object> extended = events.get(1);
        assertEquals("extended", extended.get("event"), first.out());
        assertEquals(pool, extended.get("pool"));
        assertEquals("data", extended.get("space"));
        assertEquals(16 * MIB, ((Number) extended.get("from_bytes")).longValue());
        assertEquals(307L * BLOCK, ((Number) extended.get("to_bytes")).longValue());
        assertTrue(first.err().startsWith("thin monitor: watching " + pool + ": data grows its loop file "
                + data.toRealPath() + ", metadata its loop file " + meta.toRealPath() + "; data +20% at 80% full"), first.err());
        // the pool's table took the grown file, with the low-water mark at the new 80%: 307 - 246 free blocks
        assertEquals(307L * 128, dm.table(DeviceRef.name(pool)).table().sectors());
        assertEquals(61, poolTarget(dm, pool).lowWaterMark());
        assertEquals(307L * BLOCK, Files.size(data), "the image file grew to what the pool uses");

        // again, as text: 16 MiB written is 256 of 307 blocks (83%): 307 + 61 = 368 blocks (69.6%)
        RunningCli text = monitor(dm, pool);
        BlockIo.write(thinNode, 14 * MIB, BlockIo.pattern(2, (int) (2 * MIB)));
        RunningCli.Result second = text.await(PATIENCE);
        assertEquals(0, second.status(), second.toString());
        List<String> lines = second.out().lines().toList();
        assertEquals(2, lines.size(), second.out());
        assertTrue(lines.get(0).matches("pool " + pool + ": data at 8\\d\\.\\d% \\(2[45]\\d of 307 blocks\\), threshold 80%"),
                lines.get(0));
        assertTrue(lines.get(1).matches("pool " + pool + ": data extended 19\\.2 MiB -> 23\\.0 MiB \\(took \\d+(\\.\\d)? m?s\\)"),
                lines.get(1));
        assertEquals(368L * 128, dm.table(DeviceRef.name(pool)).table().sectors());
        assertEquals(368 - 295, poolTarget(dm, pool).lowWaterMark(), "368 * 0.8 = 294.4: from 295 used");
        assertEquals(368L * BLOCK, Files.size(data));
        // what was written before and across the growth reads back
        assertEquals(BlockIo.sha256(BlockIo.pattern(2, (int) (2 * MIB))),
                BlockIo.sha256(BlockIo.read(thinNode, 14 * MIB, (int) (2 * MIB))));

        assertEquals(0, twin.jdm("remove", thin).status());
        assertEquals(0, twin.jdm("remove", pool).status());
        s.expectNoLeftovers();
    }

    private static RunningCli monitor(DeviceMapper dm, String pool, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("thin", "monitor", pool, "--exit-after-extend", "1"));
        args.addAll(List.of(more));
        return new RunningCli(new SysfsHostView(), () -> dm, args.toArray(String[]::new));
    }

    private static ThinPoolTarget poolTarget(DeviceMapper dm, String pool) {
        return ThinPoolTarget.parse(dm.table(DeviceRef.name(pool)).table().lines().getFirst().params());
    }
}
