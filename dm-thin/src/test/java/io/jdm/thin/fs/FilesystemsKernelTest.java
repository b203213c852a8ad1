package io.jdm.thin.fs;

import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.Errno;
import io.jdm.ioctl.block.ExclusiveBlockDevice;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.ioctl.mount.MountEntry;
import io.jdm.ioctl.mount.MountException;
import io.jdm.ioctl.mount.MountFlag;
import io.jdm.ioctl.mount.MountOptions;
import io.jdm.ioctl.mount.Mounts;
import io.jdm.targets.BlockDev;
import io.jdm.targets.TargetTable;
import io.jdm.targets.Targets;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ext4 and xfs made on fresh thin volumes, mounted, written, unmounted (busy, then detached), mounted
 * read-only: what io.jdm.thin's volume manager does with them. blkid and mountinfo are the oracles.
 */
@KernelTest
class FilesystemsKernelTest {
    private static final long MIB = 1 << 20;
    private static final long VOLUME_BYTES = 1024 * MIB; // virtual; mkfs.xfs wants 300 MB at least

    @Test
    void ext4OnAThinVolume(DeviceMapper dm, DmScratch s) throws Exception {
        lifecycle(dm, s, FilesystemType.EXT4);
    }

    @Test
    void xfsOnAThinVolume(DeviceMapper dm, DmScratch s) throws Exception {
        assertTrue(Filesystems.findProgram(FilesystemType.XFS).isPresent(),
                "mkfs.xfs is missing: tools/vm/prepare.sh installs xfsprogs");
        lifecycle(dm, s, FilesystemType.XFS);
    }

    @Test
    void theKernelsRefusalsAreNamed(DeviceMapper dm, DmScratch s) throws Exception {
        Path dev = thinVolume(dm, s, 1);
        Path mnt = Files.createDirectory(s.tempDir().resolve("mnt"));
        try {
            MountException noFs = assertThrows(MountException.class,
                    () -> Mounts.mount(dev, mnt, "ext4", MountOptions.NONE));
            assertEquals(Errno.EINVAL.number(), noFs.errno(), noFs.getMessage());
            assertEquals("mount", noFs.call());
            assertEquals(Optional.of(dev), noFs.source());
            assertEquals(Optional.of("ext4"), noFs.fsType());
            assertTrue(noFs.getMessage().contains(dev.toString()) && noFs.getMessage().contains(mnt.toString())
                    && noFs.getMessage().contains("EINVAL") && noFs.getMessage().contains("superblock"),
                    noFs.getMessage());

            MountException noType = assertThrows(MountException.class,
                    () -> Mounts.mount(dev, mnt, "jdmnosuchfs", MountOptions.parse("ro")));
            assertEquals("ENODEV", noType.errnoName(), noType.getMessage());
            assertTrue(noType.getMessage().contains("flags ro"), noType.getMessage());

            MountException notMounted = assertThrows(MountException.class, () -> Mounts.unmount(mnt, 0));
            assertEquals("umount2", notMounted.call());
            assertEquals(Errno.EINVAL.number(), notMounted.errno());
            assertTrue(notMounted.getMessage().contains("not a mount point"), notMounted.getMessage());
        } finally {
            detachIfMounted(mnt);
        }
        assertFalse(Mounts.isMountPoint(mnt));
    }

    private static void lifecycle(DeviceMapper dm, DmScratch s, FilesystemType type) throws Exception {
        Path dev = thinVolume(dm, s, 1);
        assertEquals(Optional.empty(), Filesystems.identify(dev), "a fresh thin volume reads as zeros");

        UUID uuid = Filesystems.make(dev, type);
        assertEquals(Tools.blkid(dev, "UUID"), uuid.toString());
        assertEquals(type.mountType(), Tools.blkid(dev, "TYPE"));
        assertEquals(Optional.of(new FilesystemId(type, uuid)), Filesystems.identify(dev));

        // a space in the mount point: mountinfo writes it as \040
        Path mnt = Files.createDirectory(s.tempDir().resolve("mount point"));
        Path realMnt = mnt.toRealPath();
        Path file = mnt.resolve("hello.txt");
        try {
            Mounts.mount(dev, mnt, type.mountType(), MountOptions.parse("noatime,nodev"));
            MountEntry m = only(Mounts.mountsOf(dev));
            assertEquals(realMnt, m.mountPoint());
            assertEquals(type.mountType(), m.fsType());
            assertEquals(dev.toString(), m.source());
            assertFalse(m.readOnly());
            assertTrue(List.of(m.mountOptions().split(",")).containsAll(List.of("noatime", "nodev")), m.mountOptions());
            assertEquals(Optional.of(m), Mounts.mountAt(mnt));
            assertTrue(Mounts.isMountPoint(mnt));

            FilesystemException mounted = assertThrows(FilesystemException.class, () -> Filesystems.make(dev, type));
            assertEquals(FilesystemException.Kind.MOUNTED, mounted.kind());
            assertTrue(mounted.getMessage().contains(realMnt.toString()), mounted.getMessage());

            Files.writeString(file, "written on " + type, StandardCharsets.UTF_8);
            try (FileChannel open = FileChannel.open(file, StandardOpenOption.READ)) {
                assertTrue(open.size() > 0);
                MountException busy = assertThrows(MountException.class, () -> Mounts.unmount(mnt, 0));
                assertTrue(busy.isBusy(), busy.getMessage());
                assertEquals("umount2", busy.call());
                assertEquals(mnt, busy.target());
                assertTrue(busy.getMessage().contains("EBUSY") && busy.getMessage().contains(mnt.toString())
                        && busy.getMessage().contains("MNT_DETACH"), busy.getMessage());
                assertTrue(Mounts.isMountPoint(mnt), "still mounted after EBUSY");
            }
            Mounts.unmount(mnt, 0);
            assertEquals(List.of(), Mounts.mountsOf(dev));
            assertFalse(Files.exists(file), "the file is on the unmounted filesystem, not in the directory");

            Mounts.mount(dev, mnt, type.mountType(), MountFlag.RDONLY.bit(), null);
            MountEntry ro = only(Mounts.mountsOf(dev));
            assertTrue(ro.readOnly(), ro.mountOptions());
            assertEquals("written on " + type, Files.readString(file, StandardCharsets.UTF_8));
            FileSystemException refused = assertThrows(FileSystemException.class,
                    () -> Files.writeString(mnt.resolve("other"), "x"));
            assertTrue(String.valueOf(refused.getReason()).contains("Read-only"), String.valueOf(refused.getReason()));

            // detached while a file is open: gone from mountinfo now, the filesystem lives until the close
            try (FileChannel open = FileChannel.open(file, StandardOpenOption.READ)) {
                Mounts.unmount(mnt, Mounts.MNT_DETACH);
                assertEquals(List.of(), Mounts.mountsOf(dev));
                assertFalse(Mounts.isMountPoint(mnt));
                ByteBuffer buf = ByteBuffer.allocate(64);
                open.read(buf, 0);
                assertEquals("written on " + type, new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
                BlockDeviceHeld.assertHeld(dev);
            }
            BlockDeviceHeld.assertReleased(dev);
        } finally {
            detachIfMounted(mnt);
        }
        assertEquals(List.of(), Mounts.mountsOf(dev));
        Path scratchDir = s.tempDir().toRealPath();
        assertTrue(Mounts.mounts().stream().noneMatch(m -> m.mountPoint().startsWith(scratchDir)),
                "nothing left mounted under the test's directory");
    }

    private static MountEntry only(List<MountEntry> mounts) {
        assertEquals(1, mounts.size(), mounts.toString());
        return mounts.getFirst();
    }

    private static void detachIfMounted(Path mnt) {
        while (Mounts.isMountPoint(mnt)) {
            Mounts.unmount(mnt, Mounts.MNT_DETACH);
        }
    }

    /** A fresh thin volume of {@link #VOLUME_BYTES} in a pool of its own (block zeroing on, as by default). */
    private static Path thinVolume(DeviceMapper dm, DmScratch s, long id) {
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice data = s.loop(VOLUME_BYTES);
        DeviceInfo pool = create(dm, s, "pool", Targets.table().add(VOLUME_BYTES / 512,
                ThinPoolTarget.of(BlockDev.of(meta.number()), BlockDev.of(data.number()), 128, 0)).build());
        ThinPool.of(dm, pool.ref()).createThin(id);
        DeviceInfo thin = create(dm, s, "thin" + id, Targets.table()
                .add(VOLUME_BYTES / 512, ThinTarget.of(BlockDev.of(pool.number()), id)).build());
        return dm.devicePath(thin);
    }

    private static DeviceInfo create(DeviceMapper dm, DmScratch s, String name, TargetTable table) {
        return dm.createWithTable(s.name(name), CreateOptions.defaults(), table.table(), table.loadOptions());
    }

    /** Whether a filesystem still holds the device: an exclusive open fails with EBUSY while one does. */
    private static final class BlockDeviceHeld {
        static void assertHeld(Path dev) {
            var e = assertThrows(io.jdm.ioctl.block.BlockDeviceException.class, () -> ExclusiveBlockDevice.open(dev).close());
            assertTrue(e.isBusy(), e.getMessage());
        }

        static void assertReleased(Path dev) throws Exception {
            ExclusiveBlockDevice.open(dev).close();
        }
    }
}
