package io.jdm.thin;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.targets.PoolFeature;
import io.jdm.targets.TargetTable;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.thin.fs.FilesystemType;
import io.jdm.thin.metadata.PoolMetadataDevice;
import io.jdm.thin.metadata.ThinMetadataException;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pools set up from image files, reactivated with their volumes, never over foreign data; the README example. */
@KernelTest
class ThinPoolSetupKernelTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void aPoolOnImageFilesIsReactivatedWithItsVolumesAndForeignMetadataIsRefused(DeviceMapper dm, DmScratch s) throws Exception {
        Path meta = LoopControl.createSparseFile(s.tempDir().resolve("meta.img"), 8 * MIB);
        Path data = LoopControl.createSparseFile(s.tempDir().resolve("data.img"), 64 * MIB);
        Path state = s.tempDir().resolve("state");
        DeviceName name = s.name("pool");
        ThinPoolSetup.Spec spec = ThinPoolSetup.Spec.of(meta, data).withBlockSectors(256).withLowWaterMark(10)
                .withFeatures(List.of(PoolFeature.SKIP_BLOCK_ZEROING, PoolFeature.ERROR_IF_NO_SPACE));
        ThinPoolSetup.Result first = ThinPoolSetup.activate(dm, name, spec, false);
        assertEquals(PoolMetadataDevice.Prepared.FRESH, first.metadata());
        ThinPoolTarget table = assertInstanceOf(ThinPoolTarget.class,
                TargetTable.of(dm.table(first.pool().ref()).table()).lines().getFirst().target());
        assertEquals(256, table.dataBlockSize());
        assertEquals(10, table.lowWaterMark());
        assertTrue(table.has(PoolFeature.ERROR_IF_NO_SPACE) && table.has(PoolFeature.SKIP_BLOCK_ZEROING));
        assertEquals(VolumeException.Kind.EXISTS, assertThrows(VolumeException.class,
                () -> ThinPoolSetup.activate(dm, name, spec, false)).kind());

        byte[] bytes = BlockIo.pattern(9, (int) MIB);
        try (VolumeSet set = VolumeSet.open(dm, first.pool().ref(), state)) {
            set.create(VolumeId.of("v"), 16 * MIB);
            BlockIo.write(set.activate(VolumeId.of("v")), 0, bytes);
        }
        dm.remove(first.pool().ref()); // its auto-clear loops go with it

        ThinPoolSetup.Result again = ThinPoolSetup.activate(dm, name, spec, false);
        assertTrue(again.reopened());
        try (VolumeSet set = VolumeSet.open(dm, again.pool().ref(), state)) {
            assertEquals(BlockIo.sha256(bytes), BlockIo.sha256(BlockIo.read(set.activate(VolumeId.of("v")), 0, (int) MIB)));
        }
        dm.remove(again.pool().ref());

        // metadata that is not a pool's is never overwritten without a wipe
        Path foreign = LoopControl.createSparseFile(s.tempDir().resolve("foreign.img"), 8 * MIB);
        Files.write(foreign, "not metadata".getBytes(), java.nio.file.StandardOpenOption.WRITE);
        ThinMetadataException refused = assertThrows(ThinMetadataException.class,
                () -> ThinPoolSetup.activate(dm, s.name("pool2"), ThinPoolSetup.Spec.of(foreign, data), false));
        assertEquals(ThinMetadataException.Kind.HOLDS_DATA, refused.kind());
        assertEquals("not metadata", new String(Files.readAllBytes(foreign), 0, 12));
        assertFalse(dm.list().stream().anyMatch(d -> d.name().equals(s.name("pool2"))));
    }

    /** The example of dm-thin's README, with its paths under a temporary directory. */
    @Test
    void theReadmeExampleRuns(DeviceMapper dm, DmScratch s) throws Exception {
        Path dir = s.tempDir();
        LoopControl.createSparseFile(dir.resolve("meta.img"), 16 * MIB);
        LoopControl.createSparseFile(dir.resolve("data.img"), 256 * MIB);
        Path mnt = Files.createDirectories(dir.resolve("c1"));
        String poolName = s.name("pool").value();
        // --- as in the README ---
        ThinPoolSetup.Result pool = ThinPoolSetup.activate(dm, DeviceName.of(poolName),
                ThinPoolSetup.Spec.of(dir.resolve("meta.img"), dir.resolve("data.img")), false);   // or reactivates it
        try (VolumeSet volumes = VolumeSet.open(dm, pool.pool().ref(), dir.resolve("volumes"))) {
            volumes.create(VolumeId.of("base"), 1L << 30);                    // 1 GiB virtual, costs what is written
            volumes.makeFilesystem(VolumeId.of("base"), FilesystemType.EXT4);
            volumes.snapshot(VolumeId.of("c1"), VolumeId.of("base"));         // copy-on-write
            volumes.mount(VolumeId.of("c1"), mnt, "noatime");                  // activates and mounts
            Files.writeString(mnt.resolve("hello"), "hi");
            volumes.unmount(VolumeId.of("c1"));                                // unmounts and deactivates
            volumes.remove(VolumeId.of("c1"));                                 // deferred if still open elsewhere
        }
        // ---
        try (VolumeSet volumes = VolumeSet.open(dm, pool.pool().ref(), dir.resolve("volumes"))) {
            assertEquals(List.of(VolumeId.of("base")), volumes.list().stream().map(Volume::id).toList());
            assertTrue(volumes.audit().clean());
        }
        dm.remove(pool.pool().ref());
    }
}
