package io.jdm.thin;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidInputException;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.ioctl.mount.MountException;
import io.jdm.ioctl.mount.Mounts;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.thin.fs.FilesystemId;
import io.jdm.thin.fs.FilesystemType;
import io.jdm.thin.fs.Filesystems;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.jdm.thin.VolumeSetKernelTest.MIB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real ext4 and xfs through VolumeSet: made on a base, mounted, written, unmounted, snapshotted, the
 * snapshot mounted and changed without touching the base; mounts counted (Docker's Get/Put); the
 * recorded UUID checked at mount and at open; nothing mounted or active afterwards.
 */
@KernelTest
class VolumeFilesystemKernelTest {
    @ParameterizedTest
    @EnumSource(FilesystemType.class)
    void aFilesystemIsMadeMountedSnapshottedAndMountedAgain(FilesystemType type, DeviceMapper dm, DmScratch s) throws Exception {
        VolumeSetKernelTest.Rig rig = VolumeSetKernelTest.Rig.create(dm, s, "fs" + type.name().toLowerCase(), 256 * MIB);
        VolumeId base = VolumeId.of("base");
        VolumeId snap = VolumeId.of("layer1");
        Path at = Files.createDirectories(s.tempDir().resolve(type + "-base"));
        Path at2 = Files.createDirectories(s.tempDir().resolve(type + "-snap"));
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults())) {
            set.create(base, 512 * MIB); // xfs needs 300 MB at least; thin volumes cost only what is written
            FilesystemId fs = set.makeFilesystem(base, type);
            assertEquals(Optional.of(fs), Filesystems.identify(set.activate(base)));
            set.deactivate(base);
            assertEquals(VolumeException.Kind.EXISTS, assertThrows(VolumeException.class, () -> set.makeFilesystem(base, type)).kind());

            Path dev = set.mount(base, at, "noatime");
            assertTrue(Mounts.mountsOf(dev).stream().anyMatch(m -> m.mountPoint().equals(at)));
            Files.writeString(at.resolve("hello"), "from the base");
            assertEquals(Optional.of(at), set.info(base).mountPoint());
            assertEquals(VolumeException.Kind.BUSY, assertThrows(VolumeException.class, () -> set.remove(base)).kind());
            assertEquals(VolumeException.Kind.BUSY, assertThrows(VolumeException.class, () -> set.mount(base, at2, "")).kind());

            // Get twice, Put once: still mounted
            set.mount(base, at, "noatime");
            set.unmount(base);
            assertTrue(Mounts.isMountPoint(at));
            try (FileOutputStream open = new FileOutputStream(at.resolve("hello").toFile(), true)) {
                VolumeException busy = assertThrows(VolumeException.class, () -> set.unmount(base));
                assertEquals(VolumeException.Kind.BUSY, busy.kind());
                assertTrue(busy.getCause() instanceof MountException m && m.isBusy(), busy.getMessage());
            }
            set.unmount(base);
            assertFalse(Mounts.isMountPoint(at));
            assertFalse(set.info(base).active(), "the last unmount deactivates");

            // the snapshot holds the base's filesystem, UUID and all, and changes apart from it
            set.snapshot(snap, base);
            assertEquals(Optional.of(fs), set.info(snap).filesystem());
            set.mount(snap, at2, "");
            assertEquals("from the base", Files.readString(at2.resolve("hello")));
            Files.writeString(at2.resolve("hello"), "from the layer");
            set.mount(base, at, "ro");
            assertEquals("from the base", Files.readString(at.resolve("hello")));
            assertEquals("from the layer", Files.readString(at2.resolve("hello")));

            // a missing directory: refused before anything, the volume left as it was
            set.unmount(snap);
            InvalidInputException missing = assertThrows(InvalidInputException.class,
                    () -> set.mount(snap, s.tempDir().resolve("nowhere"), ""));
            assertTrue(missing.getMessage().contains("nowhere"), missing.getMessage());
            assertFalse(set.info(snap).active());
        }
        // close unmounted and deactivated what the set mounted
        assertFalse(Mounts.isMountPoint(at));
        assertThrows(NoSuchDeviceException.class, () -> dm.info(DeviceRef.name(rig.pool().name() + "-base")));
        rig.removeAndCheck(dm);
    }

    @Test
    void aMountLeftByAnEarlierOwnerIsAdoptedAndReleased(DeviceMapper dm, DmScratch s) throws Exception {
        VolumeSetKernelTest.Rig rig = VolumeSetKernelTest.Rig.create(dm, s, "adopt", 64 * MIB);
        VolumeId v = VolumeId.of("v");
        Path at = Files.createDirectories(s.tempDir().resolve("adopt"));
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults().withReleaseOnClose(false))) {
            set.create(v, 64 * MIB);
            set.makeFilesystem(v, FilesystemType.EXT4);
            set.mount(v, at, "");
        }
        assertTrue(Mounts.isMountPoint(at), "left mounted, as asked");
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults())) {
            assertEquals(Optional.of(at), set.info(v).mountPoint());
            assertEquals(VolumeException.Kind.BUSY, assertThrows(VolumeException.class, () -> set.remove(v)).kind());
            set.unmount(v);
            assertFalse(Mounts.isMountPoint(at));
            assertFalse(set.info(v).active());
            set.mount(v, at, "");
        }
        assertFalse(Mounts.isMountPoint(at), "close released the mount it made");
        rig.removeAndCheck(dm);
    }

    @Test
    void eightThreadsSnapshotMountWriteAndRemoveLayersOfOneBase(DeviceMapper dm, DmScratch s) throws Exception {
        VolumeSetKernelTest.Rig rig = VolumeSetKernelTest.Rig.create(dm, s, "threads", 128 * MIB);
        VolumeId base = VolumeId.of("base");
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults())) {
            set.create(base, 64 * MIB);
            set.makeFilesystem(base, FilesystemType.EXT4);
            Path baseAt = Files.createDirectories(s.tempDir().resolve("base"));
            set.mount(base, baseAt, "");
            Files.writeString(baseAt.resolve("shared"), "base");
            set.unmount(base);
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
            java.util.List<java.util.concurrent.Future<VolumeId>> kept = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                kept.add(threads.submit(() -> {
                    VolumeId last = null;
                    for (int i = 0; i < 3; i++) {
                        VolumeId id = VolumeId.of("t" + thread + "-" + i);
                        Path at = Files.createDirectories(s.tempDir().resolve(id.value()));
                        set.snapshot(id, base);
                        set.mount(id, at, "");
                        assertEquals("base", Files.readString(at.resolve("shared")));
                        Files.writeString(at.resolve("own"), id.value());
                        set.unmount(id);
                        if (last != null) {
                            assertEquals(VolumeSet.Removal.REMOVED, set.remove(last));
                        }
                        last = id;
                    }
                    return last;
                }));
            }
            threads.shutdown();
            java.util.List<VolumeId> left = new java.util.ArrayList<>(java.util.List.of(base));
            for (var f : kept) {
                left.add(f.get(5, java.util.concurrent.TimeUnit.MINUTES));
            }
            assertEquals(left.stream().sorted().toList(), set.list().stream().map(Volume::id).toList());
            assertTrue(set.audit().clean(), set.audit().toString());
            // each thread's last layer kept its own file
            for (VolumeId id : left.subList(1, left.size())) {
                Path at = s.tempDir().resolve(id.value());
                set.mount(id, at, "ro");
                assertEquals(id.value(), Files.readString(at.resolve("own")));
                set.unmount(id);
            }
            assertTrue(Mounts.mounts().stream().noneMatch(m -> m.mountPoint().startsWith(s.tempDir())));
        }
        rig.removeAndCheck(dm);
    }

    @Test
    void aBaseReformattedBehindTheSetsBackIsFoundAtOpenAndNotOverwritten(DeviceMapper dm, DmScratch s) throws Exception {
        VolumeSetKernelTest.Rig rig = VolumeSetKernelTest.Rig.create(dm, s, "tamper", 64 * MIB);
        VolumeId base = VolumeId.of("base");
        VolumeId plain = VolumeId.of("plain");
        Path dev;
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults().withReleaseOnClose(false))) {
            set.create(base, 64 * MIB);
            set.makeFilesystem(base, FilesystemType.EXT4);
            set.create(plain, 64 * MIB);
            Path plainDev = set.activate(plain);
            Filesystems.make(plainDev, FilesystemType.EXT4); // someone else's filesystem
            VolumeException e = assertThrows(VolumeException.class, () -> set.makeFilesystem(plain, FilesystemType.EXT4));
            assertEquals(VolumeException.Kind.EXISTS, e.kind());
            assertTrue(e.getMessage().contains("refusing to overwrite"), e.getMessage());
            assertEquals(VolumeException.Kind.NO_FILESYSTEM, assertThrows(VolumeException.class,
                    () -> set.mount(plain, s.tempDir(), "")).kind());
            set.deactivate(plain);
            dev = set.activate(base);
        }
        Filesystems.make(dev, FilesystemType.EXT4); // reformatted while nobody had the set open: a new UUID
        VolumeStateException e = assertThrows(VolumeStateException.class, () -> rig.open(dm, VolumeSetOptions.defaults()));
        assertEquals(VolumeStateException.Kind.CORRUPT, e.kind());
        assertTrue(e.getMessage().contains("should hold"), e.getMessage());
        dm.remove(DeviceRef.name(rig.pool().name() + "-base"));
        rig.removeAndCheck(dm);
    }
}
