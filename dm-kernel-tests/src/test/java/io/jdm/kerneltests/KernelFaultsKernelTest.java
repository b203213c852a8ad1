package io.jdm.kerneltests;

import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.KernelException;
import io.jdm.api.LoadOptions;
import io.jdm.api.RemoveOptions;
import io.jdm.api.RemoveOutcome;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.CorruptBioByte;
import io.jdm.targets.DustTarget;
import io.jdm.targets.ErrorTarget;
import io.jdm.targets.FlakeyTarget;
import io.jdm.targets.LinearTarget;
import io.jdm.targets.Targets;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.message.Dust;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.StatusResult;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.testkit.BlockIo;
import io.jdm.testkit.DmScratch;
import io.jdm.testkit.HostTool;
import io.jdm.testkit.KernelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel failing under jdm: a thin pool whose metadata device starts failing (dm-error, dm-flakey
 * with error_writes or corrupt_bio_byte under it), a pool out of metadata space, bad blocks (dm-dust
 * where the kernel has it, an error segment everywhere), and the forced removal of a device held open.
 * Each fault gives typed answers, a status that parses, and a teardown that leaves nothing.
 */
@KernelTest
class KernelFaultsKernelTest {
    private static final long MIB = 1024 * 1024;
    private static final long BLOCK = 128; // 64 KiB data blocks

    /** A pool over a metadata device of its own (so that a fault can be swapped in under it), with thin 0 written. */
    private record Pool(DeviceInfo meta, DeviceInfo pool, DeviceInfo thin, ThinPool messages, LoopDevice metaLoop) {
    }

    private static Pool pool(DeviceMapper dm, DmScratch s, long metaBytes) throws IOException {
        LoopDevice metaLoop = s.loop(metaBytes);
        LoopDevice dataLoop = s.loop(64 * MIB);
        DeviceInfo meta = dm.createWithTable(s.name("meta"), Table.of(LinearTarget.of(BlockDev.of(metaLoop.number()), 0)
                .line(0, metaBytes / 512)));
        DeviceInfo pool = dm.createWithTable(s.name("pool"), Table.of(ThinPoolTarget.of(BlockDev.of(meta.number()),
                BlockDev.of(dataLoop.number()), BLOCK, 0).line(0, 64 * MIB / 512)));
        ThinPool messages = ThinPool.of(dm, pool.ref());
        messages.createThin(0);
        DeviceInfo thin = dm.createWithTable(s.name("thin"), Table.of(ThinTarget.of(BlockDev.of(pool.number()), 0).line(0, 32 * MIB / 512)));
        BlockIo.write(dm.devicePath(thin), 0, BlockIo.pattern(1, (int) MIB));
        return new Pool(meta, pool, thin, messages, metaLoop);
    }

    /** Swaps the metadata device's table for {@code fault}, under the running pool. */
    private static void fail(DeviceMapper dm, Pool p, TableLine fault) {
        dm.load(p.meta().ref(), Table.of(fault));
        dm.resume(p.meta().ref());
    }

    /** Writes that need new mappings, so new metadata, and a flush that commits it; returns whether the write failed. */
    private static boolean writeNewBlocks(DeviceMapper dm, Pool p) {
        try {
            BlockIo.write(dm.devicePath(p.thin()), 8 * MIB, BlockIo.pattern(2, (int) MIB));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void teardown(DeviceMapper dm, DmScratch s, Pool p) {
        for (DeviceInfo d : List.of(p.thin(), p.pool(), p.meta())) {
            assertEquals(RemoveOutcome.REMOVED, dm.remove(d.ref(), RemoveOptions.defaults().withBusyRetries(20, Duration.ofMillis(100))),
                    d.name() + " did not come apart");
        }
        s.assertNothingLeft();
    }

    @ParameterizedTest
    @ValueSource(strings = {"error", "flakey error_writes"})
    void aPoolWhoseMetadataFailsGoesReadOnlyOrFailsTypedAndComesApart(String fault, DeviceMapper dm, DmScratch s) throws Exception {
        Pool p = pool(dm, s, 8 * MIB);
        long sectors = 8 * MIB / 512;
        BlockDev metaLoop = BlockDev.of(p.metaLoop().number());
        fail(dm, p, fault.equals("error") ? new ErrorTarget().line(0, sectors)
                : FlakeyTarget.of(metaLoop, 0, 0, 3600).withErrorWrites(true).line(0, sectors));

        writeNewBlocks(dm, p); // the pool notices when it commits; the write itself may or may not fail
        KernelException refused = assertInstanceOf(KernelException.class,
                assertThrows(KernelException.class, () -> p.messages().createThin(1)), "a pool that cannot write its metadata took a message");
        StatusResult<ThinPoolStatus> status = p.messages().parsedStatus();
        ThinPoolStatus parsed = status.asOptional().orElseThrow(() -> new AssertionError("status does not parse: " + status));
        boolean failedOrReadOnly = parsed instanceof ThinPoolStatus.Fail
                || (parsed instanceof ThinPoolStatus.Working w && (w.mode() == ThinPoolStatus.Mode.READ_ONLY || w.needsCheck()));
        assertTrue(failedOrReadOnly, fault + ": the pool still says " + parsed + " after " + refused.errnoName());
        System.out.println("fault " + fault + " under the pool's metadata: create_thin refused with " + refused.errnoName()
                + ", status " + parsed);
        teardown(dm, s, p);
    }

    @Test
    void corruptedMetadataWritesAreFoundWhenThePoolIsActivatedAgainAndByThinCheck(DeviceMapper dm, DmScratch s) throws Exception {
        Pool p = pool(dm, s, 8 * MIB);
        long sectors = 8 * MIB / 512;
        BlockDev metaLoop = BlockDev.of(p.metaLoop().number());
        fail(dm, p, FlakeyTarget.of(metaLoop, 0, 0, 3600)
                .withCorruptBioByte(new CorruptBioByte(32, CorruptBioByte.Direction.WRITE, 0x5a, 0)).line(0, sectors));
        writeNewBlocks(dm, p); // the commit writes corrupted blocks; the pool cannot tell
        dm.remove(p.thin().ref());
        Table poolTable = dm.table(p.pool().ref()).table();
        dm.remove(p.pool().ref());
        fail(dm, p, LinearTarget.of(metaLoop, 0).line(0, sectors));
        // a pool activated on what was written reads checksummed blocks that do not match
        DeviceInfo again = dm.create(s.name("pool2"));
        KernelException refused = assertThrows(KernelException.class, () -> dm.load(again.ref(), poolTable));
        assertEquals("EILSEQ", refused.errnoName(), refused.getMessage()); // dm-persistent-data's checksum error
        assertTrue(refused.sent().isPresent(), refused.getMessage());
        dm.remove(again.ref());
        dm.remove(p.meta().ref());
        HostTool.Result check = HostTool.result("thin_check", p.metaLoop().path().toString());
        assertTrue(check.exit() != 0, "thin_check found nothing wrong: " + check.output());
        System.out.println("corrupt_bio_byte under the pool's metadata: reactivation refused (" + refused.errnoName()
                + "), thin_check exit " + check.exit());
        s.assertNothingLeft();
    }

    @Test
    void aPoolOutOfMetadataSpaceRefusesTypedParsesAndChecks(DeviceMapper dm, DmScratch s) throws Exception {
        Pool p = pool(dm, s, 2 * MIB);
        KernelException full = null;
        int created = 0;
        for (long id = 1; id < 4000 && full == null; id++) {
            try {
                p.messages().createThin(id);
                created++;
            } catch (KernelException e) {
                full = e;
            }
        }
        assertTrue(full != null, "2 MiB of metadata took 4000 thin devices");
        ThinPoolStatus status = p.messages().status();
        ThinPoolStatus.Working working = assertInstanceOf(ThinPoolStatus.Working.class, status);
        assertTrue(working.usedMetadataBlocks() * 10 >= working.totalMetadataBlocks() * 9 || working.mode() == ThinPoolStatus.Mode.READ_ONLY,
                "metadata not nearly full: " + working);
        writeNewBlocks(dm, p);
        ThinPoolStatus after = p.messages().status();
        System.out.println("out of metadata space: " + created + " thin devices, then create_thin refused with "
                + full.errnoName() + "; status " + status + "; after new writes " + after);
        teardown(dm, s, p);
        HostTool.Result check = HostTool.result("thin_check", p.metaLoop().path().toString());
        System.out.println("thin_check on the full metadata: exit " + check.exit() + ": " + check.output().strip());
        assertTrue(check.output().isEmpty() || check.exit() == 0 || check.output().contains("needs_check")
                || check.output().toLowerCase().contains("error"), check.output());
    }

    /**
     * dm-dust's bad blocks where the kernel builds it; where it does not (Debian's kernels leave
     * CONFIG_DM_DUST unset), a dust table is refused as an unknown target, typed and naming what was
     * sent, and nothing is left. The error-segment test below covers bad ranges on every kernel.
     */
    @Test
    void dustBadBlocksFailOnlyWhereTheyAreOrTheKernelRefusesDustTyped(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice loop = s.loop(4 * MIB);
        Table table = Targets.table().add(4 * MIB / 512, DustTarget.of(BlockDev.of(loop.number()), 0, 4096)).build().table();
        boolean dust;
        try {
            dm.targetVersion(DustTarget.TYPE); // loads dm-dust if the kernel ships it
            dust = true;
        } catch (InvalidArgumentException absent) {
            dust = false;
        }
        if (!dust) {
            InvalidArgumentException refused = assertThrows(InvalidArgumentException.class,
                    () -> dm.createWithTable(s.name("dust"), table));
            assertTrue(refused.sent().orElse("").contains("dust " + loop.number() + " 0 4096"), refused.getMessage());
            assertTrue(s.devices().isEmpty(), "a refused create left " + s.devices());
            return;
        }
        DeviceInfo d = dm.createWithTable(s.name("dust"), table);
        byte[] data = BlockIo.pattern(3, (int) MIB);
        BlockIo.write(dm.devicePath(d), 0, data);
        Dust dust5 = Dust.of(dm, d.ref());
        dust5.addBadBlock(5);
        dust5.enable();
        assertTrue(dust5.status().failingReads());
        assertThrows(IOException.class, () -> BlockIo.read(dm.devicePath(d), 5 * 4096, 4096));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 4 * 4096, 5 * 4096), BlockIo.read(dm.devicePath(d), 4 * 4096, 4096));
        dust5.disable();
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 5 * 4096, 6 * 4096), BlockIo.read(dm.devicePath(d), 5 * 4096, 4096));
    }

    @Test
    void anErrorSegmentIsABadRangeThatFailsOnlyThere(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice loop = s.loop(4 * MIB);
        BlockDev dev = BlockDev.of(loop.number());
        DeviceInfo d = dm.createWithTable(s.name("bad"), Table.of(LinearTarget.of(dev, 0).line(0, 2048),
                new ErrorTarget().line(2048, 8), LinearTarget.of(dev, 2056).line(2056, 8192 - 2056)));
        Path node = dm.devicePath(d);
        BlockIo.write(node, 0, BlockIo.pattern(4, 1024 * 1024));
        assertThrows(IOException.class, () -> BlockIo.read(node, 2048 * 512L, 4096));
        assertThrows(IOException.class, () -> BlockIo.write(node, 2048 * 512L, new byte[4096]));
        assertArrayEquals(java.util.Arrays.copyOf(BlockIo.pattern(4, 1024 * 1024), 4096), BlockIo.read(node, 0, 4096));
        BlockIo.read(node, 2056 * 512L, 4096);
    }

    /** What {@code jdm remove --force} does, through the library: error table, no flush, then a deferred remove. */
    @Test
    @SuppressWarnings("try")
    void aDeviceHeldOpenIsForcedOutAndGoesOnItsLastClose(DeviceMapper dm, DmScratch s) throws Exception {
        LoopDevice loop = s.loop(4 * MIB);
        DeviceInfo d = dm.createWithTable(s.name("held"), Table.of(LinearTarget.of(BlockDev.of(loop.number()), 0).line(0, 8192)));
        try (FileChannel holder = FileChannel.open(dm.devicePath(d), StandardOpenOption.READ)) {
            assertThrows(DeviceBusyException.class, () -> dm.remove(d.ref()));
            dm.load(d.ref(), Table.of(new ErrorTarget().line(0, 8192)), LoadOptions.defaults());
            dm.resume(d.ref(), SuspendOptions.defaults().withNoFlush(true).withSkipLockfs(true));
            assertThrows(IOException.class, () -> BlockIo.read(dm.devicePath(d), 0, 4096), "the holder's I/O now fails");
            assertEquals(RemoveOutcome.DEFERRED, dm.remove(d.ref(), RemoveOptions.defaults().withDeferred(true)));
            assertTrue(dm.info(d.ref()).deferredRemove());
            assertTrue(holder.isOpen());
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!s.devices().isEmpty()) {
            assertTrue(System.nanoTime() < deadline, "the deferred removal did not follow the last close");
            Thread.sleep(20);
        }
    }
}
