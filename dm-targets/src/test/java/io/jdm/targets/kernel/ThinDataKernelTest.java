package io.jdm.targets.kernel;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.KernelException;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.PoolFeature;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.Targets;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.targets.status.ThinStatus;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static io.jdm.targets.kernel.Kernel.MIB;
import static io.jdm.targets.kernel.Kernel.dev;
import static io.jdm.targets.kernel.Kernel.onlyStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thin provisioning end to end: data through the block nodes, snapshots, messages, the kernel's answers. */
@KernelTest
class ThinDataKernelTest {
    private static final int BLOCK = 128; // sectors: 64 KiB data blocks

    private static DeviceInfo pool(DeviceMapper dm, DmScratch s, LoopDevice meta, LoopDevice data, PoolFeature... features) {
        long sectors = data.sizeBytes() / 512;
        return Kernel.create(dm, s, "pool", Targets.table().add(sectors,
                ThinPoolTarget.of(dev(meta), dev(data), BLOCK, 0, features)).build());
    }

    private static DeviceInfo thin(DeviceMapper dm, DmScratch s, String name, DeviceInfo pool, long id, long sectors) {
        return Kernel.create(dm, s, name, Targets.table().add(sectors, ThinTarget.of(BlockDev.of(pool.number()), id)).build());
    }

    private static ThinPoolStatus.Working poolStatus(ThinPool pool) {
        return assertInstanceOf(ThinPoolStatus.Working.class, pool.status());
    }

    @Test
    void snapshotKeepsTheOldDataWhileTheOriginMovesOn(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice meta = s.loop(8 * MIB);
        LoopDevice data = s.loop(64 * MIB);
        DeviceInfo poolInfo = pool(dm, s, meta, data);
        ThinPool pool = ThinPool.of(dm, poolInfo.ref());
        pool.createThin(1);
        DeviceInfo origin = thin(dm, s, "origin", poolInfo, 1, 32 * MIB / 512);
        Path originNode = dm.devicePath(origin);

        byte[] before = BlockIo.pattern(11, (int) MIB);
        BlockIo.write(originNode, 4 * MIB, before);
        ThinStatus.Mapped mapped = assertInstanceOf(ThinStatus.Mapped.class,
                ThinStatus.parse(onlyStatus(dm, origin.ref()).text()).orElseThrow());
        assertEquals(MIB / 512, mapped.mappedSectors());
        assertEquals(5 * MIB / 512 - 1, mapped.highestMappedSector().orElseThrow());
        assertEquals(MIB / 512 / BLOCK, poolStatus(pool).usedDataBlocks());

        pool.createSnap(2, 1, origin.ref()); // origin is active: suspended around the message
        assertTrue(!dm.info(origin.ref()).suspended(), "origin resumed after create_snap");
        DeviceInfo snap = thin(dm, s, "snap", poolInfo, 2, 32 * MIB / 512);

        byte[] after = BlockIo.pattern(22, (int) MIB);
        BlockIo.write(originNode, 4 * MIB, after);
        assertEquals(BlockIo.sha256(after), BlockIo.sha256(BlockIo.read(originNode, 4 * MIB, (int) MIB)));
        assertEquals(BlockIo.sha256(before), BlockIo.sha256(BlockIo.read(dm.devicePath(snap), 4 * MIB, (int) MIB)));
        // the overwrite broke sharing: the pool now holds both copies
        assertEquals(2 * MIB / 512 / BLOCK, poolStatus(pool).usedDataBlocks());

        // delete is refused while the snapshot is open, then frees its blocks
        assertThrows(KernelException.class, () -> pool.delete(2));
        dm.remove(snap.ref());
        pool.delete(2);
        assertEquals(MIB / 512 / BLOCK, poolStatus(pool).usedDataBlocks());

        // the transaction id is a compare-and-set
        assertEquals(0, poolStatus(pool).transactionId());
        pool.setTransactionId(0, 41);
        assertEquals(41, poolStatus(pool).transactionId());
        InvalidArgumentException wrong = assertThrows(InvalidArgumentException.class, () -> pool.setTransactionId(0, 42));
        assertTrue(wrong.getMessage().contains("set_transaction_id 0 42"), wrong.getMessage());

        pool.reserveMetadataSnap();
        assertTrue(poolStatus(pool).heldMetadataRoot().isPresent());
        pool.releaseMetadataSnap();
        assertTrue(poolStatus(pool).heldMetadataRoot().isEmpty());

        // oracle: Debian's thin_check accepts the metadata the kernel wrote
        dm.remove(origin.ref());
        dm.remove(poolInfo.ref());
        Kernel.Result check = Kernel.run("thin_check", meta.path().toString());
        assertEquals(0, check.exit(), check.output());
    }

    @Test
    void aFullPoolWithErrorIfNoSpaceFailsWritesInsteadOfHanging(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice meta = s.loop(4 * MIB);
        LoopDevice data = s.loop(MIB); // 16 data blocks
        DeviceInfo poolInfo = pool(dm, s, meta, data, PoolFeature.ERROR_IF_NO_SPACE);
        ThinPool pool = ThinPool.of(dm, poolInfo.ref());
        pool.createThin(1);
        DeviceInfo thin = thin(dm, s, "thin", poolInfo, 1, 8 * MIB / 512);
        assertThrows(IOException.class, () -> BlockIo.write(dm.devicePath(thin), 0, BlockIo.pattern(3, (int) (2 * MIB))));
        ThinPoolStatus.Working st = poolStatus(pool);
        assertEquals(ThinPoolStatus.Mode.OUT_OF_DATA_SPACE, st.mode());
        assertEquals(ThinPoolStatus.NoSpacePolicy.ERROR, st.noSpacePolicy());
        assertEquals(st.totalDataBlocks(), st.usedDataBlocks());
    }

    @Test
    void idsOutside24BitsNeverReachTheKernel(DeviceMapper dm, DmScratch s) {
        DeviceInfo poolInfo = pool(dm, s, s.loop(4 * MIB), s.loop(4 * MIB));
        ThinPool pool = ThinPool.of(dm, poolInfo.ref());
        assertThrows(io.jdm.api.InvalidInputException.class, () -> pool.createThin(1 << 24));
        pool.createThin((1 << 24) - 1);
        // the kernel's own answer to a taken id
        assertThrows(KernelException.class, () -> pool.createThin((1 << 24) - 1));
    }
}
