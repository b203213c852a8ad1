package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

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
    void aPoolOnImageFilesZeroesStaleMetadataAndItsLoopsGoWithIt(DeviceMapper dm, DmScratch s) throws Exception {
        Twin twin = new Twin(dm);
        java.nio.file.Path meta = io.jdm.ioctl.loop.LoopControl.createSparseFile(s.tempDir().resolve("meta.img"), 8 * MIB);
        java.nio.file.Path data = io.jdm.ioctl.loop.LoopControl.createSparseFile(s.tempDir().resolve("data.img"), 16 * MIB);
        // a stale superblock: without the zeroing the kernel would refuse it as corrupt metadata
        byte[] garbage = new byte[4096];
        java.util.Arrays.fill(garbage, (byte) 0x5a);
        try (var ch = java.nio.channels.FileChannel.open(meta, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(garbage), 0);
        }
        String pool = s.prefix() + "imgpool";
        assertEquals(new Twin.Result(0, "", ""), twin.jdm("thin", "pool", pool, meta.toString(), data.toString()));
        String table = twin.jdm("table", pool).out();
        assertTrue(table.matches("0 32768 thin-pool 7:\\d+ 7:\\d+ 128 0 0 ?\n"), table);
        assertEquals(2, loopsBackedBy(meta, data));
        assertEquals(0, twin.jdm("thin", "create", pool, "0", s.prefix() + "t", "4M").status());
        assertEquals(0, twin.jdm("remove", s.prefix() + "t").status());
        assertEquals(0, twin.jdm("remove", pool).status());
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (loopsBackedBy(meta, data) > 0) {
            assertTrue(System.nanoTime() < deadline, "the pool's loop devices were not auto-cleared");
            Thread.sleep(20);
        }
    }

    private static long loopsBackedBy(java.nio.file.Path... files) throws java.io.IOException {
        java.util.Set<String> wanted = new java.util.HashSet<>();
        for (java.nio.file.Path f : files) {
            wanted.add(f.toRealPath().toString());
        }
        try (var loops = java.nio.file.Files.newDirectoryStream(java.nio.file.Path.of("/sys/block"), "loop*")) {
            long n = 0;
            for (java.nio.file.Path l : loops) {
                java.nio.file.Path backing = l.resolve("loop/backing_file");
                if (java.nio.file.Files.exists(backing) && wanted.contains(java.nio.file.Files.readString(backing).strip())) {
                    n++;
                }
            }
            return n;
        }
    }
}
