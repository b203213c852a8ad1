package io.jdm.thin;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.InvalidInputException;
import io.jdm.api.Table;
import io.jdm.api.SuspendOptions;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.PoolFeature;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.thin.metadata.Tools;
import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** VolumeSet on a real thin pool: lifecycle, a 50-deep snapshot chain, deferred deletion, reactivation. */
@KernelTest
class VolumeSetKernelTest {
    static final long MIB = 1024 * 1024;
    static final int CHUNK = 64 * 1024;

    /** A thin pool on two loop devices, as a caller would set one up. */
    record Rig(LoopDevice meta, LoopDevice data, DeviceInfo pool, Path stateDir) {
        static Rig create(DeviceMapper dm, DmScratch s, String name, long dataBytes) {
            LoopDevice meta = s.loop(8 * MIB);
            LoopDevice data = s.loop(dataBytes);
            return new Rig(meta, data, activatePool(dm, s.name(name).value(), meta, data, dataBytes), s.tempDir().resolve(name + "-state"));
        }

        static DeviceInfo activatePool(DeviceMapper dm, String name, LoopDevice meta, LoopDevice data, long dataBytes) {
            return dm.createWithTable(io.jdm.api.DeviceName.of(name), Table.of(ThinPoolTarget.of(BlockDev.of(meta.number()),
                    BlockDev.of(data.number()), 128, 0, PoolFeature.SKIP_BLOCK_ZEROING).line(0, dataBytes / 512)));
        }

        VolumeSet open(DeviceMapper dm, VolumeSetOptions options) {
            return VolumeSet.open(dm, pool.ref(), stateDir, options);
        }

        /** Removes the pool and checks its metadata with thin_check. */
        void removeAndCheck(DeviceMapper dm) {
            dm.remove(pool.ref());
            Tools.run("thin_check", meta.path().toString());
        }
    }

    static String checksum(Path device, long offset, int length) throws Exception {
        return BlockIo.sha256(BlockIo.read(device, offset, length));
    }

    @Test
    void lifecycleOfEveryOperationAgainstThePoolsOwnMetadata(DeviceMapper dm, DmScratch s) throws Exception {
        Rig rig = Rig.create(dm, s, "pool", 64 * MIB);
        VolumeId base = VolumeId.of("base");
        VolumeId snap = VolumeId.of("snap");
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults())) {
            assertTrue(set.recovery().nothingToDo());
            set.create(base, 32 * MIB);
            Path dev = set.activate(base);
            assertEquals(Path.of("/dev/mapper/" + rig.pool().name() + "-base"), dev);
            BlockIo.write(dev, 0, BlockIo.pattern(1, (int) (2 * MIB)));
            String baseSum = checksum(dev, 0, (int) (2 * MIB));

            // a snapshot of the active base: suspended around create_snap, running afterwards
            set.snapshot(snap, base);
            assertFalse(dm.info(DeviceRef.name(rig.pool().name() + "-base")).suspended());
            Path snapDev = set.activate(snap);
            assertEquals(baseSum, checksum(snapDev, 0, (int) (2 * MIB)), "the snapshot starts as the origin");
            BlockIo.write(snapDev, 0, BlockIo.pattern(2, CHUNK));
            assertEquals(baseSum, checksum(dev, 0, (int) (2 * MIB)), "writing the snapshot leaves the origin alone");

            Volume info = set.info(base);
            assertEquals(2 * MIB, info.mappedBytes());
            assertEquals(32 * MIB, info.virtualSize());
            set.deactivate(snap);
            assertEquals(2 * MIB, set.info(snap).mappedBytes(), "an inactive volume's mapping comes from the pool's metadata");
            assertEquals(List.of(base, snap), set.list().stream().map(Volume::id).toList());

            PoolUsage usage = set.usage();
            assertEquals(64 * MIB, usage.totalDataBytes());
            assertEquals((2 * MIB + CHUNK), usage.usedDataBytes(), "2 MiB of the base and one broken-sharing block");
            assertEquals(2, usage.transactionId());
            assertTrue(set.audit().clean(), set.audit().toString());

            // bad input: nothing changed
            long txid = usage.transactionId();
            Map<String, String> before = stateFiles(rig.stateDir());
            assertThrows(InvalidInputException.class, () -> set.create(VolumeId.of("x"), 1000));
            assertEquals(VolumeException.Kind.EXISTS, assertThrows(VolumeException.class, () -> set.create(base, MIB)).kind());
            assertEquals(VolumeException.Kind.NOT_FOUND, assertThrows(VolumeException.class, () -> set.snapshot(VolumeId.of("y"), VolumeId.of("ghost"))).kind());
            assertEquals(before, stateFiles(rig.stateDir()));
            assertEquals(txid, set.usage().transactionId());

            assertEquals(VolumeSet.Removal.REMOVED, set.remove(snap));
            assertEquals(3, set.usage().transactionId());
            assertTrue(set.audit().clean(), set.audit().toString());
        }
        // close deactivated the base; the pool is removed and reactivated from its metadata ("after a reboot")
        dm.remove(rig.pool().ref());
        DeviceInfo again = Rig.activatePool(dm, rig.pool().name().value(), rig.meta(), rig.data(), 64 * MIB);
        try (VolumeSet set = VolumeSet.open(dm, again.ref(), rig.stateDir())) {
            assertTrue(set.recovery().nothingToDo(), set.recovery().toString());
            assertEquals(List.of(base), set.list().stream().map(Volume::id).toList());
            Path dev = set.activate(base);
            assertEquals(BlockIo.sha256(BlockIo.pattern(1, (int) (2 * MIB))), checksum(dev, 0, (int) (2 * MIB)));
            set.deactivate(base);
            assertEquals(VolumeSet.Removal.REMOVED, set.remove(base));
        }
        new Rig(rig.meta(), rig.data(), again, rig.stateDir()).removeAndCheck(dm);
    }

    @Test
    void aSnapshotChainFiftyDeepKeepsEveryLayersData(DeviceMapper dm, DmScratch s) throws Exception {
        Rig rig = Rig.create(dm, s, "chain", 64 * MIB);
        int depth = 50;
        List<VolumeId> ids = new ArrayList<>();
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults())) {
            for (int layer = 0; layer < depth; layer++) {
                VolumeId id = VolumeId.of("layer" + layer);
                if (layer == 0) {
                    set.create(id, 8 * MIB);
                } else {
                    set.snapshot(id, ids.getLast()); // of an active parent: suspended around it
                }
                ids.add(id);
                // each layer writes its own chunk: layer k holds chunks 0..k
                BlockIo.write(set.activate(id), (long) layer * CHUNK, BlockIo.pattern(layer, CHUNK));
                if (layer > 0) {
                    set.deactivate(ids.get(layer - 1));
                }
            }
            set.deactivate(ids.getLast());
            byte[] zeros = new byte[CHUNK];
            for (int layer = 0; layer < depth; layer++) {
                Path dev = set.activate(ids.get(layer));
                for (int chunk = 0; chunk < depth; chunk++) {
                    String expected = BlockIo.sha256(chunk <= layer ? BlockIo.pattern(chunk, CHUNK) : zeros);
                    assertEquals(expected, checksum(dev, (long) chunk * CHUNK, CHUNK), "layer " + layer + " chunk " + chunk);
                }
                set.deactivate(ids.get(layer));
            }
            assertEquals(depth, set.usage().transactionId());
            assertEquals(depth, set.audit().poolTransactionId());
            assertTrue(set.audit().clean());
            for (VolumeId id : ids) {
                set.remove(id);
            }
            assertEquals(List.of(), set.list());
        }
        rig.removeAndCheck(dm);
    }

    @Test
    void removingAVolumeHeldOpenIsDeferredUntilItIsClosed(DeviceMapper dm, DmScratch s) throws Exception {
        Rig rig = Rig.create(dm, s, "deferred", 64 * MIB);
        VolumeId v = VolumeId.of("busy");
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults().withDeferredRetry(Duration.ofMillis(100)))) {
            set.create(v, 8 * MIB);
            Path dev = set.activate(v);
            BlockIo.write(dev, 0, BlockIo.pattern(3, CHUNK));
            try (FileChannel held = FileChannel.open(dev, StandardOpenOption.READ)) {
                assertEquals(VolumeException.Kind.BUSY, assertThrows(VolumeException.class, () -> set.deactivate(v)).kind());
                assertEquals(VolumeSet.Removal.DEFERRED, set.remove(v));
                assertFalse(set.exists(v));
                assertTrue(dm.info(DeviceRef.name(rig.pool().name() + "-busy")).deferredRemove());
                assertEquals(VolumeRecord.State.DELETE_PENDING, set.info(v).state());
                assertTrue(set.audit().clean(), "the pool still holds the thin id, recorded as pending: " + set.audit());
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!set.list().isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "the deferred deletion did not finish: " + set.list());
                Thread.sleep(50);
            }
            assertTrue(set.audit().clean(), set.audit().toString());
            assertEquals(2, set.usage().transactionId());
        }
        rig.removeAndCheck(dm);
    }

    @Test
    void theFreeSpaceGuardUsesThePoolsRealUsage(DeviceMapper dm, DmScratch s) throws Exception {
        Rig rig = Rig.create(dm, s, "full", 16 * MIB);
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults())) {
            set.create(VolumeId.of("filler"), 16 * MIB);
            BlockIo.write(set.activate(VolumeId.of("filler")), 0, BlockIo.pattern(4, (int) (15 * MIB)));
            VolumeException e = assertThrows(VolumeException.class, () -> set.create(VolumeId.of("more"), MIB));
            assertEquals(VolumeException.Kind.NO_SPACE, e.kind(), e.getMessage());
            assertEquals(1, set.usage().transactionId());
            set.deactivate(VolumeId.of("filler"));
            set.remove(VolumeId.of("filler"));
        }
        rig.removeAndCheck(dm);
    }

    @Test
    void anActivationDuringAPoolSuspendWaitsForTheResume(DeviceMapper dm, DmScratch s) throws Exception {
        Rig rig = Rig.create(dm, s, "paused", 16 * MIB);
        VolumeId v = VolumeId.of("v");
        try (VolumeSet set = rig.open(dm, VolumeSetOptions.defaults())) {
            set.create(v, 8 * MIB);
            dm.suspend(rig.pool().ref(), SuspendOptions.defaults().withNoFlush(true)); // as a table swap does
            try {
                // the kernel's refusal this works around
                assertThrows(InvalidArgumentException.class, () -> dm.createWithTable(s.name("direct"),
                        Table.of(8 * MIB / 512, "thin", rig.pool().number() + " " + set.info(v).thinId())));
                CompletableFuture<Path> activated = CompletableFuture.supplyAsync(() -> set.activate(v));
                Thread.sleep(300);
                assertFalse(activated.isDone(), "the activation waits for the pool");
                dm.resume(rig.pool().ref());
                Path dev = activated.get(30, TimeUnit.SECONDS);
                BlockIo.write(dev, 0, BlockIo.pattern(5, CHUNK));
                assertEquals(BlockIo.sha256(BlockIo.pattern(5, CHUNK)), BlockIo.sha256(BlockIo.read(dev, 0, CHUNK)));
            } finally {
                if (dm.info(rig.pool().ref()).suspended()) {
                    dm.resume(rig.pool().ref());
                }
            }
            set.deactivate(v);
            set.remove(v);
        }
        rig.removeAndCheck(dm);
    }

    static Map<String, String> stateFiles(Path dir) throws Exception {
        Map<String, String> files = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!p.getFileName().toString().equals(StateLock.FILE)) {
                    files.put(dir.relativize(p).toString(), Files.readString(p));
                }
            }
        }
        return files;
    }
}
