package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.Table;
import io.jdm.testkit.fake.FakeKernel;
import io.jdm.thin.PoolAudit;
import io.jdm.thin.PoolUsage;
import io.jdm.thin.Volume;
import io.jdm.thin.VolumeId;
import io.jdm.thin.VolumeRecord;
import io.jdm.thin.fs.FilesystemId;
import io.jdm.thin.fs.FilesystemType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jdm volume} on the host: argument checks (which must fail before device-mapper or the state
 * directory is touched) and the output formats, from dm-thin's records. The verbs themselves need a
 * real pool's metadata: VolumeCommandKernelTest.
 */
class VolumeCommandTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {
    }

    private static Run run(Supplier<DeviceMapper> opener, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(new byte[0]), new FakeHost(new FakeDm(), true), opener).run(args);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static final Supplier<DeviceMapper> NEVER = () -> {
        throw new AssertionError("device-mapper opened for bad input");
    };

    private Run volume(Supplier<DeviceMapper> opener, String... verbAndArgs) {
        List<String> args = new ArrayList<>(List.of("volume", "--pool", "pool", "--state", state().toString()));
        args.addAll(List.of(verbAndArgs));
        return run(opener, args.toArray(String[]::new));
    }

    private Path state() {
        return tmp.resolve("state");
    }

    @Test
    void badInputFailsBeforeDeviceMapperOrTheStateDirectoryIsTouched() {
        assertEquals(new Run(1, "", "volume create: volume id holds U+0020 at character 3: only ASCII letters, digits,"
                + " '.', '_', ':' and '-' are allowed\nCommand failed.\n"), volume(NEVER, "create", "bad id", "1G"));
        assertEquals(new Run(1, "", "volume create: volume id must not start with '.': '..'\nCommand failed.\n"),
                volume(NEVER, "create", "..", "1G"));
        assertEquals(new Run(1, "", "volume create: size must be positive: 0\nCommand failed.\n"), volume(NEVER, "create", "v", "0"));
        assertEquals(new Run(1, "", "volume create: invalid size: '1X'\nCommand failed.\n"), volume(NEVER, "create", "v", "1X"));
        assertEquals(new Run(1, "", "volume create: size is too large: 9999999999T\nCommand failed.\n"),
                volume(NEVER, "create", "v", "9999999999T"));
        assertEquals(1, volume(NEVER, "snap", "v", "a/b").status());
        assertTrue(volume(NEVER, "rm", "a/b").err().startsWith("volume rm: volume id holds U+002F"));
        assertTrue(volume(NEVER, "info", "x".repeat(97)).err().startsWith("volume info: volume id is 97 characters"));
        assertEquals(new Run(1, "", "volume mkfs: unknown filesystem type 'btrfs' (ext4, xfs)\nCommand failed.\n"),
                volume(NEVER, "mkfs", "v", "btrfs"));
        Path missing = tmp.resolve("nowhere");
        assertEquals(new Run(1, "", "volume mount: the mount point " + missing + " is not a directory\nCommand failed.\n"),
                volume(NEVER, "mount", "v", missing.toString()));
        assertTrue(volume(NEVER, "mount", "v", tmp.toString(), "-o", "bind").err().startsWith("volume mount: "),
                "an operation, not a mount option");
        assertFalse(Files.exists(state()), "the state directory was not created");
    }

    @Test
    void wrongVerbsCountsAndMissingOptionsAreUsageErrors() {
        assertEquals(new Run(1, "", "volume: unknown verb 'frob' (create, snap, rm, activate, deactivate, ls, info, audit,"
                + " usage, mkfs, mount, umount)\nCouldn't process command line.\n"), volume(NEVER, "frob"));
        assertEquals(new Run(1, "", "volume create: wrong number of arguments; usage: volume --pool <pool> --state <dir>"
                + " create <id> <size>  (size: <n>s sectors, or <n>K|M|G|T)\nCouldn't process command line.\n"),
                volume(NEVER, "create", "v"));
        assertEquals(new Run(1, "", "volume ls: wrong number of arguments; usage: volume --pool <pool> --state <dir>"
                + " ls [--json] [--noheadings] [--separator <separator>]\nCouldn't process command line.\n"), volume(NEVER, "ls", "x"));
        assertEquals(new Run(1, "", "volume ls: --state is required; usage: volume --pool <pool> --state <dir>"
                + " ls [--json] [--noheadings] [--separator <separator>]\nCouldn't process command line.\n"),
                run(NEVER, "volume", "ls", "--pool", "p"));
        assertTrue(run(NEVER, "volume", "audit", "--state", "/x").err().startsWith("volume audit: --pool is required"));
        assertTrue(run(NEVER, "volume", "--pool", "a/b", "--state", "/x", "ls").err()
                .startsWith("Name \"a/b\" invalid. It contains \"/\"."));
        assertTrue(run(NEVER, "volume").err().startsWith("Incorrect number of arguments.\nUsage:"));
        assertFalse(Files.exists(state()));
    }

    /** Options are global, as everywhere in jdm: they may come before the command or after the verb. */
    @Test
    void optionsMayComeAnywhereAndTheSetIsOpenedOnlyForGoodInput() throws Exception {
        FakeKernel kernel = FakeKernel.create();
        try (DeviceMapper dm = kernel.open()) {
            dm.createWithTable(DeviceName.of("notpool"), Table.parse("0 2048 zero"));
        }
        Run missing = run(kernel::open, "--state", state().toString(), "volume", "ls", "--pool", "nosuch");
        assertEquals(new Run(1, "", "volume ls: no device named nosuch (the thin pool)\nCommand failed.\n"), missing);
        Run notPool = run(kernel::open, "--state", state().toString(), "volume", "create", "v", "1M", "--pool", "notpool");
        assertEquals(1, notPool.status());
        assertTrue(notPool.err().startsWith("volume create: device name 'notpool' is not a thin pool"), notPool.err());
        assertFalse(Files.exists(state()), "nothing is written for a device that is not a pool");
    }

    @Test
    void usageListsTheVolumeVerbs() {
        String usage = run(NEVER, "help").out() + run(NEVER, "help").err();
        for (String verb : List.of("create <id> <size>", "snap <id> <parent>", "rm <id>", "activate <id>", "deactivate <id>",
                "ls [--json]", "info <id> [--json]", "audit [--json]", "usage [--json]", "mkfs <id> ext4|xfs",
                "mount <id> <dir> [-o <mount_options>]", "umount <id>")) {
            assertTrue(usage.contains("\tvolume --pool <pool> --state <dir> " + verb), verb + " in\n" + usage);
        }
    }

    @Test
    void sizesInTheUnitsOfThinCreate() {
        assertEquals(MIB, ThinCommand.sizeBytes("1M"));
        assertEquals(512, ThinCommand.sizeBytes("1s"));
        assertEquals(512, ThinCommand.sizeBytes("1"));
        assertEquals(16L << 40, ThinCommand.sizeBytes("16T"));
    }

    private static Volume base() {
        return new Volume(VolumeId.of("base"), 0, Optional.empty(), 16 * MIB, VolumeRecord.State.READY,
                Optional.of(Path.of("/dev/mapper/pool-base")), 3 * 65536, Optional.of(Path.of("/mnt/base")),
                Optional.of(new FilesystemId(FilesystemType.EXT4, UUID.fromString("0b1f3f4e-5c1d-4c43-9a55-6d3c2b1a0f9e"))));
    }

    private static Volume snap() {
        return new Volume(VolumeId.of("snap-1"), 12, Optional.of(VolumeId.of("base")), 1L << 30, VolumeRecord.State.DELETE_PENDING,
                Optional.empty(), 0, Optional.empty(), Optional.empty());
    }

    @Test
    void lsTableAlignedOrSeparated() {
        assertEquals("""
                ID     THIN_ID SIZE     MAPPED    STATE          DEVICE              \s
                base         0 16.0 MiB 192.0 KiB READY          /dev/mapper/pool-base
                snap-1      12  1.0 GiB       0 B DELETE_PENDING -                   \s
                """, VolumeCommand.table(List.of(base(), snap()), true, null));
        assertEquals("base:0:16.0 MiB:192.0 KiB:READY:/dev/mapper/pool-base\nsnap-1:12:1.0 GiB:0 B:DELETE_PENDING:-\n",
                VolumeCommand.table(List.of(base(), snap()), false, null));
    }

    @Test
    void volumeAsTextAndJson() {
        assertEquals("""
                Volume:      snap-1
                Thin id:     12
                Parent:      base
                Size:        1.0 GiB (1073741824 bytes)
                Mapped:      0 B (0 bytes)
                State:       DELETE_PENDING
                Device:      -
                Filesystem:  -
                Mount point: -
                """, VolumeCommand.text(snap()));
        Map<String, Object> json = JsonReader.object(Json.write(VolumeCommand.json(base())));
        assertEquals(List.of("id", "thin_id", "parent", "virtual_size", "mapped_bytes", "state", "device", "mount_point",
                        "filesystem", "filesystem_uuid"),
                List.copyOf(json.keySet()));
        assertEquals("base", json.get("id"));
        assertEquals(0L, json.get("thin_id"));
        assertEquals(null, json.get("parent"));
        assertEquals(16 * MIB, json.get("virtual_size"));
        assertEquals(196608L, json.get("mapped_bytes"));
        assertEquals("/dev/mapper/pool-base", json.get("device"));
        assertEquals("/mnt/base", json.get("mount_point"));
        assertEquals("ext4", json.get("filesystem"));
        assertEquals("0b1f3f4e-5c1d-4c43-9a55-6d3c2b1a0f9e", json.get("filesystem_uuid"));
        assertTrue(VolumeCommand.text(base()).endsWith("Filesystem:  ext4 0b1f3f4e-5c1d-4c43-9a55-6d3c2b1a0f9e\nMount point: /mnt/base\n"));
        assertEquals("base", JsonReader.object(Json.write(VolumeCommand.json(snap()))).get("parent"));
    }

    @Test
    void auditCleanAndNot() {
        PoolAudit clean = new PoolAudit(4, 4, new TreeMap<>(), List.of());
        assertEquals("""
                Pool transaction id:     4
                Recorded transaction id: 4
                Orphan thin ids:         none
                Lost volumes:            none
                clean
                """, VolumeCommand.text(clean));
        TreeMap<Long, Long> orphans = new TreeMap<>(Map.of(7L, 12L, 3L, 0L));
        PoolAudit drift = new PoolAudit(5, 4, orphans, List.of(VolumeId.of("gone"), VolumeId.of("lost")));
        assertEquals("""
                Pool transaction id:     5
                Recorded transaction id: 4 (differs: the pool was changed outside this set)
                Orphan thin ids:         3 (0 data blocks mapped), 7 (12 data blocks mapped)
                Lost volumes:            gone, lost
                NOT CLEAN
                """, VolumeCommand.text(drift));
        Map<String, Object> json = JsonReader.object(Json.write(VolumeCommand.json(drift)));
        assertEquals(false, json.get("clean"));
        assertEquals(List.of(Map.of("thin_id", 3L, "mapped_blocks", 0L), Map.of("thin_id", 7L, "mapped_blocks", 12L)),
                json.get("orphan_thin_ids"));
        assertEquals(List.of("gone", "lost"), json.get("lost_volumes"));
        assertEquals(true, JsonReader.object(Json.write(VolumeCommand.json(clean))).get("clean"));
    }

    @Test
    void theTestsJsonReaderRefusesWhatIsNotJson() {
        assertEquals(Map.of("a", List.of(1L, "x\n")), JsonReader.parse(" {\"a\" : [1, \"x\\n\"]} "));
        for (String bad : List.of("{\"a\":1} x", "{\"a\":1,\"a\":2}", "[1,]", "\"raw\ttab\"", "{a:1}", "")) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
        }
    }

    @Test
    void usageTextAndJson() {
        PoolUsage u = new PoolUsage(2 * MIB, 64 * MIB, 48 * 1024, 8 * MIB, 3, "rw", false);
        assertEquals("data 2.0 MiB of 64.0 MiB used (3.1%), metadata 48.0 KiB of 8.0 MiB used (0.6%), mode rw, transaction 3\n",
                VolumeCommand.text(u));
        assertTrue(VolumeCommand.text(new PoolUsage(0, 64 * MIB, 0, 8 * MIB, 3, "ro", true)).endsWith("mode ro, transaction 3, NEEDS CHECK\n"));
        Map<String, Object> json = JsonReader.object(Json.write(VolumeCommand.json(u)));
        assertEquals(Map.of("used_data_bytes", 2 * MIB, "total_data_bytes", 64 * MIB, "used_metadata_bytes", 48L * 1024,
                "total_metadata_bytes", 8 * MIB, "transaction_id", 3L, "mode", "rw", "needs_check", false), json);
    }
}
