package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@KernelTest
class ThinCommandKernelTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void poolVolumeSnapshotUsageAndDeleteByName(DeviceMapper dm, DmScratch s) {
        Twin twin = new Twin(dm);
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice data = s.loop(16 * MIB);
        String pool = s.prefix() + "pool";
        String thin = s.prefix() + "thin";
        String snap = s.prefix() + "snap";
        assertEquals(new Twin.Result(0, "", ""), twin.jdm("thin", "pool", pool, meta.path().toString(), data.path().toString()));
        assertEquals("0 32768 thin-pool " + meta.number() + " " + data.number() + " 128 0 0 ",
                twin.jdm("table", pool).out().strip() + " ");
        assertEquals(0, twin.jdm("thin", "create", pool, "0", thin, "8M").status());
        String poolNo = dm.info(DeviceRef.name(pool)).number().toString();
        assertEquals("0 16384 thin " + poolNo + " 0\n", twin.jdm("table", thin).out());
        assertEquals(0, twin.jdm("thin", "snap", pool, thin, "1", snap).status());
        assertEquals("0 16384 thin " + poolNo + " 1\n", twin.jdm("table", snap).out());
        Twin.Result usage = twin.jdm("thin", "usage", pool);
        assertTrue(usage.out().startsWith("data 0/256 blocks (0 B of 16.0 MiB, 0.0%), metadata "), usage.out());
        assertTrue(usage.out().endsWith(", mode rw, transaction 0\n"), usage.out());
        // an id in use cannot be created again, and the failed create leaves no device
        Twin.Result again = twin.jdm("thin", "create", pool, "1", s.prefix() + "dup", "8M");
        assertEquals(1, again.status());
        assertTrue(dm.list().stream().noneMatch(d -> d.name().value().equals(s.prefix() + "dup")));
        assertEquals(0, twin.jdm("remove", snap).status());
        assertEquals(new Twin.Result(0, "", ""), twin.jdm("thin", "delete", pool, "1"));
        // id 1 is free again
        assertEquals(0, twin.jdm("thin", "create", pool, "1", snap, "1G").status());
        assertEquals(1, twin.jdm("thin", "frob", pool).status());
    }

    /** With two pools, a snapshot through the wrong pool would snapshot an unrelated id of that pool. */
    @Test
    void snapRefusesAnOriginOfAnotherPoolAndSendsNothing(DeviceMapper dm, DmScratch s) {
        Twin twin = new Twin(dm);
        String a = s.prefix() + "poolA";
        String b = s.prefix() + "poolB";
        for (String pool : new String[] {a, b}) {
            assertEquals(0, twin.jdm("thin", "pool", pool, s.loop(8 * MIB).path().toString(), s.loop(16 * MIB).path().toString()).status());
        }
        // both pools have a thin id 0: the old code took the origin's id and sent create_snap to the named pool
        assertEquals(0, twin.jdm("thin", "create", a, "0", s.prefix() + "onA", "4M").status());
        assertEquals(0, twin.jdm("thin", "create", b, "0", s.prefix() + "onB", "4M").status());
        String before = dm.status(DeviceRef.name(b)).targets().getFirst().text();
        Twin.Result wrong = twin.jdm("thin", "snap", b, s.prefix() + "onA", "1", s.prefix() + "snap");
        assertEquals(1, wrong.status());
        assertTrue(wrong.err().contains("is a volume of the pool " + dm.info(DeviceRef.name(a)).number()), wrong.err());
        assertEquals(before, dm.status(DeviceRef.name(b)).targets().getFirst().text(), "pool B was not touched");
        assertTrue(dm.list().stream().noneMatch(d -> d.name().value().equals(s.prefix() + "snap")));
        assertFalse(dm.info(DeviceRef.name(s.prefix() + "onA")).suspended());
        // the right pool takes it
        assertEquals(0, twin.jdm("thin", "snap", a, s.prefix() + "onA", "1", s.prefix() + "snap").status());
    }

    @Test
    void staleMetadataIsRefusedAndKeptUnlessWipeIsAskedAndTheLoopsGoWithThePool(DeviceMapper dm, DmScratch s) throws Exception {
        Twin twin = new Twin(dm);
        Path meta = LoopControl.createSparseFile(s.tempDir().resolve("meta.img"), 8 * MIB);
        Path data = LoopControl.createSparseFile(s.tempDir().resolve("data.img"), 16 * MIB);
        // not a pool's metadata: someone's data, which the kernel would refuse and an unasked wipe would destroy
        byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 0x5a);
        Files.write(meta, garbage, StandardOpenOption.WRITE);
        String pool = s.prefix() + "imgpool";

        Twin.Result refused = twin.jdm("thin", "pool", pool, meta.toString(), data.toString());
        assertEquals(1, refused.status(), refused.toString());
        assertTrue(refused.err().contains("holds data that is not thin pool metadata"), refused.err());
        assertArrayEquals(garbage, Arrays.copyOf(Files.readAllBytes(meta), 4096), "the metadata was not touched");
        assertTrue(s.devices().isEmpty(), "no pool was made");
        awaitNoLoopsBackedBy(meta, data);

        assertEquals(new Twin.Result(0, "", ""), twin.jdm("thin", "pool", "--wipe", pool, meta.toString(), data.toString()));
        String table = twin.jdm("table", pool).out();
        assertTrue(table.matches("0 32768 thin-pool 7:\\d+ 7:\\d+ 128 0 0 ?\n"), table);
        assertEquals(2, loopsBackedBy(meta, data));
        assertEquals(0, twin.jdm("thin", "create", pool, "0", s.prefix() + "t", "4M").status());
        assertEquals(0, twin.jdm("remove", s.prefix() + "t").status());
        assertEquals(0, twin.jdm("remove", pool).status());
        awaitNoLoopsBackedBy(meta, data);
    }

    /** The same command after a reboot (or a re-run) must bring back the pool, not format a new one. */
    @Test
    void aPoolsMetadataIsReopenedWithItsVolumesAndNeverWipedUnasked(DeviceMapper dm, DmScratch s) throws IOException {
        Twin twin = new Twin(dm);
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice data = s.loop(16 * MIB);
        String pool = s.prefix() + "pool";
        String thin = s.prefix() + "thin";
        assertEquals(0, twin.jdm("thin", "pool", pool, meta.path().toString(), data.path().toString()).status());
        assertEquals(0, twin.jdm("thin", "create", pool, "7", thin, "4M").status());
        byte[] written = BlockIo.pattern(7, 64 * 1024);
        BlockIo.write(Path.of("/dev/mapper", thin), 0, written);

        // while the pool runs, its metadata device is held: a second pool on it is refused, the first untouched
        Twin.Result busy = twin.jdm("thin", "pool", "--wipe", s.prefix() + "second", meta.path().toString(), data.path().toString());
        assertEquals(1, busy.status(), busy.toString());
        assertTrue(busy.err().contains("in use"), busy.err());
        assertArrayEquals(written, BlockIo.read(Path.of("/dev/mapper", thin), 0, written.length));

        assertEquals(0, twin.jdm("remove", thin).status());
        assertEquals(0, twin.jdm("remove", pool).status());
        Twin.Result again = twin.jdm("thin", "pool", pool, meta.path().toString(), data.path().toString());
        assertEquals(0, again.status(), again.toString());
        assertTrue(again.err().contains("reopened"), again.err());
        // thin id 7 is still in the pool, with its data
        assertEquals(1, twin.jdm("thin", "create", pool, "7", s.prefix() + "dup", "4M").status());
        assertEquals(0, twin.jdm("create", thin, "--table", "0 8192 thin " + dm.info(DeviceRef.name(pool)).number() + " 7").status());
        assertArrayEquals(written, BlockIo.read(Path.of("/dev/mapper", thin), 0, written.length));
        assertEquals(0, twin.jdm("remove", thin).status());
        assertEquals(0, twin.jdm("remove", pool).status());

        // asked for, a wipe makes a new, empty pool: id 7 is free again
        assertEquals(0, twin.jdm("thin", "pool", "--wipe", pool, meta.path().toString(), data.path().toString()).status());
        assertEquals(0, twin.jdm("thin", "create", pool, "7", thin, "4M").status());
    }

    private static void awaitNoLoopsBackedBy(Path... files) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (loopsBackedBy(files) > 0) {
            assertTrue(System.nanoTime() < deadline, "the pool's loop devices were not auto-cleared");
            Thread.sleep(20);
        }
    }

    private static long loopsBackedBy(Path... files) throws IOException {
        Set<String> wanted = new HashSet<>();
        for (Path f : files) {
            wanted.add(f.toRealPath().toString());
        }
        try (var loops = Files.newDirectoryStream(Path.of("/sys/block"), "loop*")) {
            long n = 0;
            for (Path l : loops) {
                Path backing = l.resolve("loop/backing_file");
                if (Files.exists(backing) && wanted.contains(Files.readString(backing).strip())) {
                    n++;
                }
            }
            return n;
        }
    }
}
