package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.ioctl.mount.MountEntry;
import io.jdm.ioctl.mount.Mounts;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.ReferenceKernelOnly;
import io.jdm.thin.VolumeId;
import io.jdm.thin.VolumeSet;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jdm volume} on a real thin pool over loop devices: each call opens the set, does one thing, closes it. */
@KernelTest
@ReferenceKernelOnly
class VolumeCommandKernelTest {
    private static final long MIB = 1024 * 1024;

    /** One pool (made with {@code jdm thin pool}) and one state directory, and the command line to reach them. */
    private record Pool(Twin twin, String name, Path state) {
        Twin.Result volume(String... verbAndArgs) {
            List<String> args = new ArrayList<>(List.of("volume", "--pool", name, "--state", state.toString()));
            args.addAll(List.of(verbAndArgs));
            return twin.jdm(args.toArray(String[]::new));
        }

        Twin.Result ok(String... verbAndArgs) {
            Twin.Result r = volume(verbAndArgs);
            assertEquals(0, r.status(), String.join(" ", verbAndArgs) + ": " + r);
            return r;
        }

        /** Volumes need not be removed: inactive, they are only the pool's data. The test then leaves nothing. */
        void removePool(DmScratch s) {
            assertEquals(0, twin.jdm("remove", name).status());
            s.expectNoLeftovers();
        }

        Path device(String id) {
            return Path.of("/dev/mapper", name + "-" + id);
        }

        Map<String, Map<String, Object>> byId() {
            Map<String, Map<String, Object>> m = new java.util.LinkedHashMap<>();
            for (Map<String, Object> v : JsonReader.objects(ok("ls", "--json").out())) {
                m.put((String) v.get("id"), v);
            }
            return m;
        }
    }

    private static Pool pool(DeviceMapper dm, DmScratch s) {
        Twin twin = new Twin(dm);
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice data = s.loop(64 * MIB);
        String name = s.prefix() + "pool";
        assertEquals(0, twin.jdm("thin", "pool", name, meta.path().toString(), data.path().toString()).status());
        return new Pool(twin, name, s.tempDir().resolve("state"));
    }

    private static boolean exists(DeviceMapper dm, Path device) {
        try {
            dm.info(DeviceRef.name(device.getFileName().toString()));
            return true;
        } catch (NoSuchDeviceException e) {
            return false;
        }
    }

    @Test
    void createSnapListActivateWriteDeactivateRemove(DeviceMapper dm, DmScratch s) throws Exception {
        Pool p = pool(dm, s);
        assertEquals(new Twin.Result(0, "No volumes\n", ""), p.volume("ls"));
        assertEquals(new Twin.Result(0, "", ""), p.volume("create", "base", "16M"));
        assertEquals(new Twin.Result(0, "", ""), p.volume("snap", "snap1", "base"));

        List<String> ls = p.ok("ls").out().lines().toList();
        assertEquals(3, ls.size(), ls.toString());
        assertTrue(ls.get(0).matches("ID +THIN_ID SIZE +MAPPED +STATE +DEVICE *"), ls.get(0));
        assertTrue(ls.get(1).matches("base +\\d+ 16\\.0 MiB +0 B READY +- *"), ls.get(1));
        assertTrue(ls.get(2).matches("snap1 +\\d+ 16\\.0 MiB +0 B READY +- *"), ls.get(2));
        Map<String, Map<String, Object>> json = p.byId();
        assertEquals(List.of("base", "snap1"), List.copyOf(json.keySet()));
        assertEquals(16 * MIB, json.get("base").get("virtual_size"));
        assertNull(json.get("base").get("parent"));
        assertEquals("base", json.get("snap1").get("parent"));
        assertNull(json.get("base").get("device"));
        assertFalse(json.get("base").get("thin_id").equals(json.get("snap1").get("thin_id")));

        // activate prints the device and leaves it active after the command's set has closed
        Twin.Result activated = p.ok("activate", "base");
        assertEquals(p.device("base") + "\n", activated.out());
        assertTrue(exists(dm, p.device("base")));
        assertEquals(activated, p.volume("activate", "base"), "activating an active volume returns its device");
        byte[] written = BlockIo.pattern(11, 1024 * 1024);
        BlockIo.write(p.device("base"), 0, written);
        Map<String, Object> base = JsonReader.object(p.ok("info", "base", "--json").out());
        assertEquals(p.device("base").toString(), base.get("device"));
        assertTrue((Long) base.get("mapped_bytes") >= MIB, base.toString());
        String info = p.ok("info", "base").out();
        assertTrue(info.startsWith("Volume:      base\nThin id:     " + base.get("thin_id") + "\nParent:      -\n"
                + "Size:        16.0 MiB (16777216 bytes)\n"), info);
        assertTrue(info.contains("\nDevice:      " + p.device("base") + "\n"), info);
        assertTrue(p.ok("ls").out().contains(p.device("base").toString()));

        // a snapshot of the active origin sees what was written; the origin is resumed afterwards
        p.ok("snap", "snap2", "base");
        assertFalse(dm.info(DeviceRef.name(p.device("base").getFileName().toString())).suspended());
        Path snap2 = Path.of(p.ok("activate", "snap2").out().strip());
        assertArrayEquals(written, BlockIo.read(snap2, 0, written.length));
        // snap1 was taken before the write
        Path snap1 = Path.of(p.ok("activate", "snap1").out().strip());
        assertArrayEquals(new byte[written.length], BlockIo.read(snap1, 0, written.length));

        assertEquals(new Twin.Result(0, "", ""), p.volume("deactivate", "base"));
        assertFalse(exists(dm, p.device("base")));
        assertEquals(0, p.ok("deactivate", "base").status(), "deactivating an inactive volume does nothing");
        Map<String, Object> inactive = JsonReader.object(p.ok("info", "base", "--json").out());
        assertNull(inactive.get("device"));
        assertTrue((Long) inactive.get("mapped_bytes") >= MIB, "mapped data counted from the pool's metadata: " + inactive);
        p.ok("activate", "base");
        assertArrayEquals(written, BlockIo.read(p.device("base"), 0, written.length), "the data outlives deactivation");

        // deactivate refuses an open device, and leaves it active
        try (FileChannel held = FileChannel.open(p.device("base"), StandardOpenOption.READ)) {
            assertTrue(held.isOpen());
            Twin.Result busy = p.volume("deactivate", "base");
            assertEquals(1, busy.status());
            assertTrue(busy.err().startsWith("volume deactivate: volume base is open"), busy.err());
            assertTrue(busy.err().endsWith("Command failed.\n"), busy.err());
            assertTrue(exists(dm, p.device("base")));
        }

        // rm of an active volume nobody holds: removed, device and all
        assertEquals(new Twin.Result(0, "removed\n", ""), p.volume("rm", "snap1"));
        assertFalse(exists(dm, snap1));
        assertEquals(1, p.volume("info", "snap1").status());

        // rm while held open: deferred; the device goes at the last close, the thin id at the next command
        Twin.Result deferred;
        try (FileChannel held = FileChannel.open(snap2, StandardOpenOption.READ)) {
            assertTrue(held.isOpen());
            deferred = p.volume("rm", "snap2");
            assertEquals(0, deferred.status(), deferred.toString());
            assertEquals("deferred\n", deferred.out());
            assertTrue(deferred.err().contains("snap2 is open"), deferred.err());
            assertEquals("DELETE_PENDING", p.byId().get("snap2").get("state"));
            assertTrue(exists(dm, snap2), "still open: still there");
            assertEquals(1, p.volume("activate", "snap2").status(), "a volume being deleted cannot be activated");
        }
        awaitGone(dm, snap2);
        Twin.Result audit = p.volume("audit");
        assertEquals(0, audit.status(), audit.toString());
        assertEquals("volume: finished the deferred removal of snap2\n", audit.err());
        assertTrue(audit.out().endsWith("Orphan thin ids:         none\nLost volumes:            none\nclean\n"), audit.out());
        assertEquals(List.of("base"), List.copyOf(p.byId().keySet()));

        Map<String, Object> auditJson = JsonReader.object(p.ok("audit", "--json").out());
        assertEquals(true, auditJson.get("clean"));
        assertEquals(auditJson.get("pool_transaction_id"), auditJson.get("recorded_transaction_id"));
        assertEquals(List.of(), auditJson.get("orphan_thin_ids"));

        Map<String, Object> usage = JsonReader.object(p.ok("usage", "--json").out());
        assertEquals(64 * MIB, usage.get("total_data_bytes"));
        assertTrue((Long) usage.get("used_data_bytes") >= MIB, usage.toString());
        assertEquals("rw", usage.get("mode"));
        assertEquals(auditJson.get("pool_transaction_id"), usage.get("transaction_id"));
        assertTrue(p.ok("usage").out().matches("data [0-9.]+ MiB of 64\\.0 MiB used \\([0-9.]+%\\), metadata .* used \\([0-9.]+%\\),"
                + " mode rw, transaction \\d+\n"), p.ok("usage").out());

        p.ok("deactivate", "base");
        assertEquals(new Twin.Result(0, "removed\n", ""), p.volume("rm", "base"));
        assertEquals("No volumes\n", p.ok("ls").out());
        assertEquals(0, p.ok("audit").status());
        assertEquals(List.of(p.name()), s.devices().stream().map(d -> d.name().value()).toList(), "only the pool is left");
        p.removePool(s);
    }

    @Test
    void badInputFailsClearlyAndChangesNothing(DeviceMapper dm, DmScratch s) throws Exception {
        Pool p = pool(dm, s);
        p.ok("create", "base", "4M");
        p.ok("activate", "base");
        String lsBefore = p.ok("ls", "--json").out();
        String poolStatus = dm.status(DeviceRef.name(p.name())).targets().getFirst().text();
        List<String> stateBefore = files(p.state());

        assertFailure(p.volume("create", "bad id", "1M"), "volume create: volume id holds U+0020 at character 3");
        assertFailure(p.volume("create", "base", "1M"), "volume create: volume base exists");
        assertFailure(p.volume("create", "v", "0"), "volume create: size must be positive: 0");
        assertFailure(p.volume("create", "v", "17T"), "volume create: volume v: virtual size 18691697672192 is above the set's maximum");
        assertFailure(p.volume("create", "v", "1.5M"), "volume create: invalid size: '1.5'");
        assertFailure(p.volume("snap", "s", "nosuch"), "volume snap: no volume nosuch in pool " + p.name());
        assertFailure(p.volume("info", "nosuch"), "volume info: no volume nosuch in pool " + p.name());
        assertFailure(p.volume("rm", "nosuch"), "volume rm: no volume nosuch in pool " + p.name());
        assertFailure(p.volume("activate", "nosuch"), "volume activate: no volume nosuch");
        Twin.Result wrongPool = p.twin().jdm("volume", "--pool", s.prefix() + "nosuch", "--state", p.state().toString(), "ls");
        assertFailure(wrongPool, "volume ls: no device named " + s.prefix() + "nosuch (the thin pool)");
        Twin.Result notPool = p.twin().jdm("volume", "--pool", p.name() + "-base", "--state", p.state().toString(), "ls");
        assertFailure(notPool, "volume ls: device name '" + p.name() + "-base' is not a thin pool");
        assertEquals(1, p.volume("frob").status());
        // one opener per state directory: a command while another holds it is refused, not queued
        try (VolumeSet other = VolumeSet.open(dm, DeviceRef.name(p.name()), p.state())) {
            assertTrue(other.exists(VolumeId.of("base")));
            assertFailure(p.volume("create", "v", "1M"), "volume create: the volume state directory is already open in this process");
        }
        assertEquals(1, p.twin().jdm("volume", "--pool", p.name(), "ls").status());

        assertEquals(lsBefore, p.ok("ls", "--json").out(), "the volumes are as they were");
        assertEquals(poolStatus, dm.status(DeviceRef.name(p.name())).targets().getFirst().text(), "the pool is as it was");
        assertEquals(stateBefore, files(p.state()), "the state directory is as it was");
        assertEquals(0, p.ok("audit").status());
        p.ok("deactivate", "base");
        p.removePool(s);
    }

    /** A thin id made behind the set's back (here by {@code jdm thin create}) is an orphan: audit says so, exit 2. */
    @Test
    void auditReportsAThinIdNoRecordNamesAndExitsTwo(DeviceMapper dm, DmScratch s) throws Exception {
        Pool p = pool(dm, s);
        p.ok("create", "base", "4M");
        long used = (Long) p.byId().get("base").get("thin_id");
        long foreign = used + 5;
        String thin = s.prefix() + "foreign";
        assertEquals(0, p.twin().jdm("thin", "create", p.name(), Long.toString(foreign), thin, "4M").status());
        BlockIo.write(Path.of("/dev/mapper", thin), 0, BlockIo.pattern(3, 64 * 1024));
        assertEquals(0, p.twin().jdm("remove", thin).status());

        Twin.Result audit = p.volume("audit");
        assertEquals(VolumeCommand.NOT_CLEAN, audit.status(), audit.toString());
        assertTrue(audit.out().contains("Orphan thin ids:         " + foreign + " (1 data blocks mapped)\n"), audit.out());
        assertTrue(audit.out().endsWith("NOT CLEAN\n"), audit.out());
        Twin.Result json = p.volume("audit", "--json");
        assertEquals(VolumeCommand.NOT_CLEAN, json.status());
        Map<String, Object> a = JsonReader.object(json.out());
        assertEquals(false, a.get("clean"));
        assertEquals(List.of(Map.of("thin_id", foreign, "mapped_blocks", 1L)), a.get("orphan_thin_ids"));
        // the set never hands the orphan's id out
        p.ok("create", "next", "4M");
        assertFalse(Long.valueOf(foreign).equals(p.byId().get("next").get("thin_id")));
        p.removePool(s);
    }

    @Test
    void mkfsMountWriteUmountAndASnapshotSeesTheFiles(DeviceMapper dm, DmScratch s) throws Exception {
        Pool p = pool(dm, s);
        Path one = Files.createDirectories(s.tempDir().resolve("mnt one"));
        Path two = Files.createDirectories(s.tempDir().resolve("mnt two"));
        try {
            p.ok("create", "fs", "32M");
            p.ok("create", "bare", "8M");
            String uuid = p.ok("mkfs", "fs", "ext4").out().strip();
            assertEquals(uuid, UUID.fromString(uuid).toString());
            assertFailure(p.volume("mkfs", "fs", "ext4"), "volume mkfs: volume fs already holds");
            assertFailure(p.volume("mount", "bare", one.toString()), "volume mount: volume bare has no filesystem recorded");
            assertFalse(Mounts.isMountPoint(one));

            assertEquals(new Twin.Result(0, "", ""), p.volume("mount", "fs", one.toString(), "-o", "noatime"));
            MountEntry m = Mounts.mountAt(one).orElseThrow();
            assertEquals("ext4", m.fsType());
            assertTrue(m.mountOptions().contains("noatime"), m.mountOptions());
            Map<String, Object> info = JsonReader.object(p.ok("info", "fs", "--json").out());
            assertEquals(one.toString(), info.get("mount_point"), "a mount an earlier command made is shown");
            assertEquals("ext4", info.get("filesystem"));
            assertEquals(uuid, info.get("filesystem_uuid"));
            Files.writeString(one.resolve("hello.txt"), "hello from fs");

            assertFailure(p.volume("deactivate", "fs"), "volume deactivate: volume fs is mounted at " + one);
            try (FileChannel open = FileChannel.open(one.resolve("hello.txt"), StandardOpenOption.READ)) {
                assertTrue(open.isOpen());
                assertFailure(p.volume("umount", "fs"), "volume umount: volume fs stays mounted at " + one);
                assertTrue(Mounts.isMountPoint(one), "a busy mount stays");
            }
            assertEquals(new Twin.Result(0, "", ""), p.volume("umount", "fs"));
            assertFalse(Mounts.isMountPoint(one));
            assertFalse(exists(dm, p.device("fs")), "umount deactivates");
            assertFailure(p.volume("umount", "fs"), "volume umount: volume fs is not mounted by this set");

            // a snapshot holds the filesystem, UUID and files; both mount side by side
            p.ok("snap", "fs2", "fs");
            assertEquals(uuid, JsonReader.object(p.ok("info", "fs2", "--json").out()).get("filesystem_uuid"));
            p.ok("mount", "fs2", two.toString());
            assertEquals("hello from fs", Files.readString(two.resolve("hello.txt")));
            Files.writeString(two.resolve("hello.txt"), "changed in fs2");
            p.ok("mount", "fs", one.toString());
            assertEquals("hello from fs", Files.readString(one.resolve("hello.txt")), "the origin does not see the snapshot's write");
            // rm of a volume an earlier command mounted: the next command's set adopted the mount, so refused
            assertFailure(p.volume("rm", "fs2"), "volume rm: volume fs2 is mounted at " + two + " by this set: unmount it first");
            assertEquals(new Twin.Result(0, "", ""), p.volume("umount", "fs2"));
            assertFalse(Mounts.isMountPoint(two));
            assertFalse(exists(dm, p.device("fs2")), "umount deactivates");
            assertEquals(new Twin.Result(0, "removed\n", ""), p.volume("rm", "fs2"));
            Twin.Result audit = p.volume("audit");
            assertEquals(0, audit.status(), audit.toString());
            p.ok("umount", "fs");
            assertEquals(List.of("bare", "fs"), List.copyOf(p.byId().keySet()));
        } finally {
            for (Path dir : List.of(one, two)) {
                while (Mounts.isMountPoint(dir)) {
                    Mounts.unmount(dir, Mounts.MNT_DETACH);
                }
            }
        }
        p.removePool(s);
    }

    private static void assertFailure(Twin.Result r, String errStart) {
        assertEquals(1, r.status(), r.toString());
        assertEquals("", r.out(), r.toString());
        assertTrue(r.err().endsWith("Command failed.\n"), r.err());
        assertTrue(r.err().startsWith(errStart), r.err());
    }

    private static List<String> files(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path f : walk.sorted().toList()) {
                out.add(dir.relativize(f) + (Files.isRegularFile(f) ? " " + BlockIo.sha256(Files.readAllBytes(f)) : ""));
            }
        }
        return out;
    }

    private static void awaitGone(DeviceMapper dm, Path device) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (exists(dm, device)) {
            assertTrue(System.nanoTime() < deadline, device + " was not removed at its last close (deferred remove)");
            Thread.sleep(20);
        }
    }
}
