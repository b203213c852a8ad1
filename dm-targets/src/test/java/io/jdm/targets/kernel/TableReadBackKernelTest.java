package io.jdm.targets.kernel;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.Errno;
import io.jdm.api.KernelException;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.CacheFeature;
import io.jdm.targets.CacheTarget;
import io.jdm.targets.CorruptBioByte;
import io.jdm.targets.CryptFlag;
import io.jdm.targets.CryptKey;
import io.jdm.targets.CryptTarget;
import io.jdm.targets.DelayTarget;
import io.jdm.targets.EraTarget;
import io.jdm.targets.ErrorTarget;
import io.jdm.targets.FlakeyTarget;
import io.jdm.targets.PoolFeature;
import io.jdm.targets.SnapshotOriginTarget;
import io.jdm.targets.SnapshotPersistence;
import io.jdm.targets.SnapshotTarget;
import io.jdm.targets.TargetTable;
import io.jdm.targets.Targets;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.ZeroTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.CacheStatus;
import io.jdm.targets.status.DelayStatus;
import io.jdm.targets.status.EraStatus;
import io.jdm.targets.status.SnapshotStatus;
import io.jdm.targets.status.StripedStatus;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.targets.status.ThinStatus;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import io.jdm.testkit.RunningKernel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.jdm.targets.kernel.Kernel.MIB;
import static io.jdm.targets.kernel.Kernel.create;
import static io.jdm.targets.kernel.Kernel.createAndCheck;
import static io.jdm.targets.kernel.Kernel.dev;
import static io.jdm.targets.kernel.Kernel.onlyStatus;
import static io.jdm.targets.kernel.Kernel.readBack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every target: the typed table loads, the kernel reads it back, and that text parses to the value sent. */
@KernelTest
class TableReadBackKernelTest {

    @Test
    void linearStripedZeroError(DeviceMapper dm, DmScratch s) {
        LoopDevice a = s.loop(4 * MIB);
        LoopDevice b = s.loop(4 * MIB);
        createAndCheck(dm, s, "lin", Targets.table().linear(2048, dev(a), 0).linear(1024, dev(b), 100).build());
        DeviceInfo striped = createAndCheck(dm, s, "str", Targets.table().striped(4096, 8, List.of(dev(a), dev(b)), 16).build());
        StripedStatus st = StripedStatus.parse(onlyStatus(dm, striped.ref()).text()).orElseThrow();
        assertEquals(List.of(a.number(), b.number()), st.stripes().stream().map(StripedStatus.Stripe::device).toList());
        assertTrue(st.allAlive());
        createAndCheck(dm, s, "zero", Targets.table().add(100, new ZeroTarget()).add(50, new ErrorTarget()).build());
    }

    @Test
    void flakeyForms(DeviceMapper dm, DmScratch s) {
        LoopDevice a = s.loop(4 * MIB);
        FlakeyTarget plain = FlakeyTarget.of(dev(a), 0, 5, 5);
        DeviceInfo f0 = create(dm, s, "f0", Targets.table().add(2048, plain).build());
        // what "no features" does (every I/O fails while down): 6.12 names it, 5.10 and 6.1 print no feature
        FlakeyTarget named = RunningKernel.current().atLeast(6, 12) ? plain.withErrorReads(true).withErrorWrites(true) : plain;
        assertEquals(Targets.table().add(2048, named).build(), readBack(dm, f0.ref()), "table read back from f0 on " + RunningKernel.current());
        // error_reads: same flakey target version (1.5.0) everywhere, yet only 6.12 takes it
        TargetTable errorReads = Targets.table().add(2048, FlakeyTarget.of(dev(a), 0, 5, 5).withErrorReads(true)).build();
        if (RunningKernel.current().atLeast(6, 12)) {
            createAndCheck(dm, s, "fr", errorReads);
        } else {
            KernelException e = assertThrows(KernelException.class, () -> create(dm, s, "fr", errorReads));
            assertEquals(Errno.EINVAL.number(), e.errno(), e.getMessage());
            assertTrue(dm.list().stream().noneMatch(d -> d.name().equals(s.name("fr"))), "the refused create left its device");
        }
        createAndCheck(dm, s, "f1", Targets.table().add(2048, FlakeyTarget.of(dev(a), 8, 1, 2).withDropWrites(true)).build());
        createAndCheck(dm, s, "f2", Targets.table().add(2048, FlakeyTarget.of(dev(a), 0, 3, 4).withErrorWrites(true)
                .withCorruptBioByte(new CorruptBioByte(32, CorruptBioByte.Direction.READ, 7, 0))).build());
    }

    @Test
    void delayForms(DeviceMapper dm, DmScratch s) {
        LoopDevice a = s.loop(4 * MIB);
        LoopDevice b = s.loop(4 * MIB);
        DelayTarget.Leg r = new DelayTarget.Leg(dev(a), 0, 1);
        DelayTarget.Leg w = new DelayTarget.Leg(dev(b), 16, 2);
        DelayTarget.Leg f = new DelayTarget.Leg(dev(a), 32, 0);
        DeviceInfo d3 = createAndCheck(dm, s, "d3", Targets.table().add(1024, new DelayTarget(r, Optional.empty(), Optional.empty())).build());
        createAndCheck(dm, s, "d6", Targets.table().add(1024, new DelayTarget(r, Optional.of(w), Optional.empty())).build());
        createAndCheck(dm, s, "d9", Targets.table().add(1024, new DelayTarget(r, Optional.of(w), Optional.of(f))).build());
        assertInstanceOf(DelayStatus.class, DelayStatus.parse(onlyStatus(dm, d3.ref()).text()).orElseThrow());
    }

    @Test
    void thinPoolAndThin(DeviceMapper dm, DmScratch s) {
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice data = s.loop(64 * MIB);
        LoopDevice ext = s.loop(4 * MIB);
        ThinPoolTarget poolTarget = ThinPoolTarget.of(dev(meta), dev(data), 128, 10, PoolFeature.ERROR_IF_NO_SPACE,
                PoolFeature.SKIP_BLOCK_ZEROING);
        // given out of the kernel's order: it reads them back in its own, and the values are still equal
        DeviceInfo pool = createAndCheck(dm, s, "pool", Targets.table().add(64 * MIB / 512, poolTarget).build());
        assertEquals(poolTarget.canonical().format(), dm.table(pool.ref()).table().lines().getFirst().params().strip());
        ThinPoolStatus.Working ps = assertInstanceOf(ThinPoolStatus.Working.class,
                ThinPoolStatus.parse(onlyStatus(dm, pool.ref()).text()).orElseThrow());
        assertEquals(64 * MIB / 512 / 128, ps.totalDataBlocks());
        assertEquals(0, ps.usedDataBlocks());
        assertEquals(ThinPoolStatus.Mode.READ_WRITE, ps.mode());
        assertEquals(ThinPoolStatus.NoSpacePolicy.ERROR, ps.noSpacePolicy());
        assertFalse(ps.needsCheck());

        ThinPool.of(dm, pool.ref()).createThin(7);
        BlockDev poolDev = BlockDev.of(pool.number());
        DeviceInfo thin = createAndCheck(dm, s, "thin", Targets.table().add(8192, ThinTarget.of(poolDev, 7)).build());
        assertEquals(new ThinStatus.Mapped(0, OptionalLong.empty()),
                ThinStatus.parse(onlyStatus(dm, thin.ref()).text()).orElseThrow());
        ThinPool.of(dm, pool.ref()).createThin(8);
        createAndCheck(dm, s, "ext", Targets.table().add(8192, new ThinTarget(poolDev, 8, Optional.of(dev(ext)))).build());
    }

    @Test
    void snapshotOriginAndSnapshots(DeviceMapper dm, DmScratch s) {
        LoopDevice origin = s.loop(8 * MIB);
        LoopDevice cow1 = s.loop(4 * MIB);
        LoopDevice cow2 = s.loop(4 * MIB);
        long sectors = 8 * MIB / 512;
        DeviceInfo o = createAndCheck(dm, s, "origin", Targets.table().add(sectors, new SnapshotOriginTarget(dev(origin))).build());
        dm.suspend(o.ref());
        try {
            DeviceInfo p = createAndCheck(dm, s, "snapP", Targets.table().add(sectors,
                    new SnapshotTarget(dev(origin), dev(cow1), SnapshotPersistence.PERSISTENT, 16, true, true)).build());
            createAndCheck(dm, s, "snapN", Targets.table().add(sectors,
                    SnapshotTarget.of(dev(origin), dev(cow2), SnapshotPersistence.TRANSIENT, 8)).build());
            LoopDevice cow3 = s.loop(4 * MIB);
            createAndCheck(dm, s, "snapPO", Targets.table().add(sectors,
                    SnapshotTarget.of(dev(origin), dev(cow3), SnapshotPersistence.PERSISTENT_OVERFLOW, 32)).build());
            SnapshotStatus.Usage u = assertInstanceOf(SnapshotStatus.Usage.class,
                    SnapshotStatus.parse(onlyStatus(dm, p.ref()).text()).orElseThrow());
            assertEquals(4 * MIB / 512, u.totalSectors());
        } finally {
            dm.resume(o.ref());
        }
    }

    @Test
    void era(DeviceMapper dm, DmScratch s) {
        LoopDevice meta = s.loop(4 * MIB);
        LoopDevice origin = s.loop(8 * MIB);
        DeviceInfo e = createAndCheck(dm, s, "era", Targets.table().add(8 * MIB / 512, new EraTarget(dev(meta), dev(origin), 64)).build());
        EraStatus.Working w = assertInstanceOf(EraStatus.Working.class, EraStatus.parse(onlyStatus(dm, e.ref()).text()).orElseThrow());
        assertEquals(8, w.metadataBlockSize());
        assertEquals(OptionalLong.empty(), w.heldMetadataRoot());
    }

    @Test
    void cryptWithKeyAndOptions(DeviceMapper dm, DmScratch s) {
        LoopDevice a = s.loop(4 * MIB);
        byte[] key = BlockIo.pattern(1, 64);
        CryptTarget plain = CryptTarget.of("aes-xts-plain64", CryptKey.bytes(key), dev(a), 0);
        TargetTable t1 = Targets.table().add(4096, plain).build();
        assertTrue(t1.loadOptions().secureData());
        DeviceInfo c = createAndCheck(dm, s, "crypt", t1);
        // the kernel prints the key back as hex: it arrives as secret bytes, not text
        io.jdm.api.Table back = dm.table(c.ref()).table();
        assertEquals(io.jdm.api.SecretBytes.copyOf(key), back.lines().getFirst().secret());
        assertEquals("aes-xts-plain64 <secret> 0 " + a.number() + " 0", back.lines().getFirst().params());
        back.destroySecrets();
        CryptTarget tuned = plain.withIvOffset(8).withFlags(List.of(CryptFlag.SAME_CPU_CRYPT, CryptFlag.ALLOW_DISCARDS))
                .withSectorSize(4096, true);
        createAndCheck(dm, s, "crypt4k", Targets.table().add(4096, tuned).build());
    }

    @Test
    void cache(DeviceMapper dm, DmScratch s) {
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice fast = s.loop(16 * MIB);
        LoopDevice origin = s.loop(32 * MIB);
        long sectors = 32 * MIB / 512;
        DeviceInfo c = createAndCheck(dm, s, "cache", Targets.table().add(sectors,
                CacheTarget.of(dev(meta), dev(fast), dev(origin), 128)).build());
        CacheStatus.Working w = assertInstanceOf(CacheStatus.Working.class,
                CacheStatus.parse(onlyStatus(dm, c.ref()).text()).orElseThrow());
        assertEquals(128, w.cacheBlockSize());
        assertEquals(16 * MIB / 512 / 128, w.totalCacheBlocks());
        assertFalse(w.readOnly());
        dm.remove(c.ref());
        LoopDevice meta2 = s.loop(8 * MIB);
        createAndCheck(dm, s, "cache2", Targets.table().add(sectors, new CacheTarget(dev(meta2), dev(fast), dev(origin), 256,
                List.of(CacheFeature.METADATA2, CacheFeature.WRITETHROUGH), "smq", List.of())).build());
    }

    /** Devices by path are accepted; the kernel reads them back as numbers. */
    @Test
    void pathsReadBackAsNumbers(DeviceMapper dm, DmScratch s) {
        LoopDevice a = s.loop(4 * MIB);
        DeviceInfo info = Kernel.create(dm, s, "bypath", Targets.table().linear(2048, BlockDev.path(a.path().toString()), 4).build());
        assertEquals(Targets.table().linear(2048, dev(a), 4).build(), Kernel.readBack(dm, DeviceRef.name(info.name())));
    }
}
