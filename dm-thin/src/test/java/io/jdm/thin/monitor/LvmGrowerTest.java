package io.jdm.thin.monitor;

import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.targets.BlockDev;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LVM's device names back to VG/LV, and the lvextend commands the grower runs (against a stand-in program). */
class LvmGrowerTest {
    private static final PoolGrower.Request DATA = request(PoolSpace.DATA, 65536, 78592);
    private static final PoolGrower.Request METADATA = request(PoolSpace.METADATA, 8192, 16384);

    @Test
    void aDoubledDashIsADashInsideANameAndASingleDashSeparates() {
        assertEquals(List.of("vg", "lv"), LvmGrower.splitLvmName("vg-lv"));
        assertEquals(List.of("my-vg", "thin-pool", "tpool"), LvmGrower.splitLvmName("my--vg-thin--pool-tpool"));
        assertEquals(List.of("a--b", "c"), LvmGrower.splitLvmName("a----b-c"));
        assertEquals(List.of("a-", "b"), LvmGrower.splitLvmName("a---b"), "as dm_split_lvm_name: -- first, then -");
        assertEquals(List.of("vg"), LvmGrower.splitLvmName("vg"));
        assertEquals(List.of("", "lv"), LvmGrower.splitLvmName("-lv"));
    }

    @Test
    void aPoolsDeviceNameGivesItsVolumeGroupAndLogicalVolume() {
        LvmGrower plain = LvmGrower.forDevice(DeviceName.of("vg0-pool"));
        assertEquals("vg0", plain.volumeGroup());
        assertEquals("pool", plain.logicalVolume());
        // the -tpool layer exists while thin volumes use the pool: the same LV
        LvmGrower layered = LvmGrower.forDevice(DeviceName.of("jdmt--k3x9q2--vg-thin--pool-tpool"));
        assertEquals("jdmt-k3x9q2-vg", layered.volumeGroup());
        assertEquals("thin-pool", layered.logicalVolume());
        assertEquals("lvextend of jdmt-k3x9q2-vg/thin-pool", layered.toString());
    }

    @Test
    void devicesThatAreNoPoolsLogicalVolumeAreRefused() {
        for (String name : List.of("vg", "vg-pool-real", "vg-pool-tpool-x", "vg-pool_tdata", "vg-pool_tmeta",
                "vg-lvol0_pmspare", "-vg-pool", "vg--pool", "vg-pool-")) {
            assertThrows(InvalidInputException.class, () -> LvmGrower.forDevice(DeviceName.of(name)), name);
        }
        InvalidInputException hidden = assertThrows(InvalidInputException.class,
                () -> LvmGrower.forDevice(DeviceName.of("vg-pool_tdata")));
        assertTrue(hidden.getMessage().contains("_tdata"), hidden.getMessage());
    }

    @Test
    void namesLvmWouldRefuseAreRefusedBeforeAnythingRuns() {
        for (String bad : List.of("", "-vg", "v g", "vg/x", ".", "..", "é", "x".repeat(128))) {
            assertThrows(InvalidInputException.class, () -> LvmGrower.of(bad, "pool"), "vg " + bad);
            assertThrows(InvalidInputException.class, () -> LvmGrower.of("vg", bad), "lv " + bad);
        }
        for (String reserved : List.of("snapshot", "snapshot1", "pvmove", "pvmove0", "a_cmeta", "x_rimage_0", "p_vorigin")) {
            assertThrows(InvalidInputException.class, () -> LvmGrower.of("vg", reserved), reserved);
        }
        assertThrows(InvalidInputException.class, () -> LvmGrower.of(null, "pool"));
        // what LVM allows
        assertEquals("a+b_c.d-e", LvmGrower.of("vg", "a+b_c.d-e").logicalVolume());
        assertEquals("x".repeat(127), LvmGrower.of("x".repeat(127), "pool").volumeGroup());
        assertEquals("my-snapshot", LvmGrower.of("vg", "my-snapshot").logicalVolume());
    }

    @Test
    void dataGrowsWithAnAbsoluteSizeInSectorsAndMetadataWithPoolmetadatasize() {
        LvmGrower grower = LvmGrower.of("vg", "pool");
        assertEquals(List.of("lvextend", "-L", "78592s", "vg/pool"), grower.command(DATA));
        assertEquals(List.of("lvextend", "--poolmetadatasize", "16384s", "vg/pool"), grower.command(METADATA));
    }

    @Test
    void aConfigGoesToEveryRunAsOneArgument() {
        String config = "devices { filter = [ \"a|^/dev/loop7$|\", \"r|.*|\" ] }\nactivation { udev_sync = 0 }";
        LvmGrower grower = LvmGrower.of("vg", "pool").withProgram("/sbin/lvextend").withConfig(config);
        assertEquals(List.of("/sbin/lvextend", "--config", config, "-L", "78592s", "vg/pool"), grower.command(DATA));
        assertEquals(List.of("/sbin/lvextend", "--config", config, "--poolmetadatasize", "16384s", "vg/pool"),
                grower.command(METADATA));
        // the program and the config are kept whichever is set last
        assertEquals(grower.command(DATA), LvmGrower.of("vg", "pool").withConfig(config)
                .withProgram("/sbin/lvextend").command(DATA));
        assertThrows(InvalidInputException.class, () -> grower.withConfig(null));
        assertThrows(InvalidInputException.class, () -> grower.withConfig("devices {\0}"));
        assertThrows(InvalidInputException.class, () -> grower.withProgram(" "));
    }

    @Test
    void aSuccessfulRunMeansLvmResizedThePoolItself(@TempDir Path dir) throws Exception {
        Path args = dir.resolve("args");
        Path program = script(dir, "printf '%s\\n' \"$@\" > " + args + "\necho '  Logical volume vg/pool successfully resized.'");
        PoolGrower.Growth growth = LvmGrower.of("vg", "pool").withProgram(program.toString()).withConfig("x { y = 1 }")
                .grow(DATA);
        assertInstanceOf(PoolGrower.Growth.PoolResized.class, growth);
        assertEquals(List.of("--config", "x { y = 1 }", "-L", "78592s", "vg/pool"), Files.readAllLines(args));
    }

    @Test
    void aFailedRunIsAnErrorNamingTheCommandItsStatusAndWhatItSaid(@TempDir Path dir) throws Exception {
        Path program = script(dir, "echo '  New size (10 extents) matches existing size (10 extents).' >&2\nexit 5");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LvmGrower.of("vg", "pool").withProgram(program.toString()).grow(DATA));
        assertTrue(e.getMessage().contains(program + " -L 78592s vg/pool failed with exit code 5"), e.getMessage());
        assertTrue(e.getMessage().contains("matches existing size"), e.getMessage());

        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> LvmGrower.of("vg", "pool").withProgram(dir.resolve("no-such-lvextend").toString()).grow(DATA));
        assertTrue(missing.getMessage().contains("is lvm2 installed?"), missing.getMessage());
    }

    private static Path script(Path dir, String body) throws Exception {
        Path p = dir.resolve("lvextend");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static PoolGrower.Request request(PoolSpace space, long current, long wanted) {
        return new PoolGrower.Request(DeviceRef.name("vg-pool-tpool"), space, BlockDev.of(254, 1), current, wanted);
    }
}
