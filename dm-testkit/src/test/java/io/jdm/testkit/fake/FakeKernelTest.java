package io.jdm.testkit.fake;

import io.jdm.api.Command;
import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.Errno;
import io.jdm.api.InterfaceVersion;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.KernelException;
import io.jdm.api.RemoveOptions;
import io.jdm.api.SecretBytes;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the fake offers beyond the kernel (disks, holds, writes, faults, the journal), and what only it can show. */
class FakeKernelTest {
    private static final long MIB = 1024 * 1024;
    private static final int BLOCK = 64 * 1024;

    private final FakeKernel kernel = FakeKernel.create();
    private final DeviceMapper dm = kernel.open();

    private DeviceInfo pool(String name, String features) {
        DeviceNumber meta = kernel.addDisk(8 * MIB);
        DeviceNumber data = kernel.addDisk(MIB);
        return dm.createWithTable(DeviceName.of(name), Table.of(2048, "thin-pool", meta + " " + data + " 128 0" + features));
    }

    private String status(DeviceInfo device) {
        return dm.status(device.ref()).targets().getFirst().text();
    }

    @Test
    void aDeviceCanBeHeldOnlyOnceItHasABlockDevice() {
        DeviceInfo d = dm.create(DeviceName.of("a"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kernel.holdOpen(d.ref()));
        assertTrue(e.getMessage().contains("first table load"), e.getMessage());
        dm.load(d.ref(), Table.of(8, "zero", ""));
        FakeKernel.Hold hold = kernel.holdOpen(d.ref());
        FakeKernel.Hold second = kernel.holdOpen(d.ref());
        assertEquals(2, dm.info(d.ref()).openCount());
        hold.close();
        hold.close();
        assertEquals(1, dm.info(d.ref()).openCount(), "closing a hold twice lets go once");
        second.close();
        assertThrows(IllegalArgumentException.class, () -> kernel.holdOpen(DeviceRef.name("ghost")));
    }

    @Test
    void anInjectedFaultFailsOneMatchingCommandAndChangesNothing() {
        DeviceInfo d = dm.create(DeviceName.of("a"));
        kernel.faults().failNext(Command.TABLE_LOAD, DeviceName.of("a"), Errno.EINVAL);
        dm.create(DeviceName.of("other"));
        dm.load(DeviceRef.name("other"), Table.of(8, "zero", "")); // another device: not this fault's
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> dm.load(d.ref(), Table.of(8, "zero", "")));
        assertEquals(Optional.of("0 8 zero"), e.sent());
        assertFalse(dm.info(d.ref()).hasInactiveTable());
        dm.load(DeviceRef.number(d.number()), Table.of(8, "zero", "")); // used up
        assertTrue(dm.info(d.ref()).hasInactiveTable());
    }

    @Test
    void faultsQueueUpSoARetryCanOutlastThem() {
        DeviceInfo d = dm.create(DeviceName.of("a"));
        kernel.faults().failNext(Command.DEV_REMOVE, d.name(), Errno.EBUSY).failNext(Command.DEV_REMOVE, d.name(), Errno.EBUSY);
        assertThrows(DeviceBusyException.class, () -> dm.remove(d.ref()));
        dm.remove(d.ref(), RemoveOptions.defaults().withBusyRetries(1, Duration.ZERO));
        assertEquals(List.of(), dm.list());
        List<String> removes = kernel.calls().stream().filter(c -> c.command() == Command.DEV_REMOVE).map(FakeKernel.Call::toString).toList();
        assertEquals(List.of("DM_DEV_REMOVE name 'a' -> EBUSY", "DM_DEV_REMOVE name 'a' -> EBUSY", "DM_DEV_REMOVE name 'a'"), removes);
    }

    @Test
    void aFailedResumeMakesCreateWithTableRollBack() {
        kernel.faults().failNextResume(DeviceName.of("a"), Errno.ENOMEM);
        KernelException e = assertThrows(KernelException.class, () -> dm.createWithTable(DeviceName.of("a"), Table.of(8, "zero", "")));
        assertEquals("ENOMEM", e.errnoName());
        assertEquals(List.of(), dm.list());
        kernel.faults().failNextSuspend(DeviceName.of("b"), Errno.EINTR);
        dm.createWithTable(DeviceName.of("b"), Table.of(8, "zero", "")); // a resume, not the suspend the fault waits for
        assertEquals("EINTR", assertThrows(KernelException.class, () -> dm.suspend(DeviceRef.name("b"))).errnoName());
        kernel.faults().failNext(Command.LIST_DEVICES, Errno.ENOMEM);
        kernel.faults().clear();
        assertEquals(1, dm.list().size());
    }

    @Test
    void theJournalHasEveryCommandThatReachedTheKernelInOrder() {
        dm.createWithTable(DeviceName.of("a"), Table.of(8, "zero", ""));
        assertThrows(io.jdm.api.InvalidInputException.class, () -> dm.message(DeviceRef.name("a"), 0, " "));
        assertThrows(InvalidArgumentException.class, () -> dm.message(DeviceRef.name("a"), 0, "hello"));
        assertEquals(List.of("DM_DEV_CREATE name 'a': uuid=(none)", "DM_TABLE_LOAD name 'a': 0 8 zero", "DM_DEV_SUSPEND name 'a': resume",
                "DM_TARGET_MSG name 'a': sector 0 message 'hello' -> EINVAL"), kernel.calls().stream().map(FakeKernel.Call::toString).toList());
        assertTrue(kernel.calls().getLast().failed());
        kernel.clearCalls();
        assertEquals(List.of(), kernel.calls());
    }

    @Test
    void aFailedPoolFailsItsStatusMessagesWritesAndNewThins() throws IOException {
        DeviceInfo pool = pool("pool", "");
        dm.message(pool.ref(), 0, "create_thin 0");
        DeviceInfo thin = dm.createWithTable(DeviceName.of("thin"), Table.of(2048, "thin", pool.number() + " 0"));
        long events = dm.info(pool.ref()).eventNr();
        kernel.faults().setPoolMode(pool.ref(), FakeKernel.PoolMode.READ_ONLY);
        assertEquals(events + 1, dm.info(pool.ref()).eventNr(), "a change of mode is an event");
        assertTrue(status(pool).contains(" ro discard_passdown "), status(pool));
        assertEquals("EOPNOTSUPP", assertThrows(KernelException.class, () -> dm.message(pool.ref(), 0, "create_thin 1")).errnoName());
        assertThrows(IOException.class, () -> kernel.write(thin.ref(), 0, BLOCK));

        kernel.faults().setPoolMode(pool.ref(), FakeKernel.PoolMode.FAIL);
        assertEquals("Fail", status(pool));
        assertEquals("Fail", status(thin));
        assertThrows(IOException.class, () -> kernel.write(thin.ref(), 0, BLOCK));
        assertThrows(InvalidArgumentException.class,
                () -> dm.createWithTable(DeviceName.of("thin2"), Table.of(2048, "thin", pool.number() + " 0")));
        assertThrows(IllegalArgumentException.class, () -> kernel.faults().setPoolMode(thin.ref(), FakeKernel.PoolMode.FAIL));
    }

    @Test
    void aFullPoolThatQueuesSaysTheFakeFailsTheWriteInstead() throws IOException {
        DeviceInfo pool = pool("pool", "");
        dm.message(pool.ref(), 0, "create_thin 0");
        DeviceInfo thin = dm.createWithTable(DeviceName.of("thin"), Table.of(4096, "thin", pool.number() + " 0"));
        kernel.write(thin.ref(), 0, 16 * BLOCK);
        IOException e = assertThrows(IOException.class, () -> kernel.write(thin.ref(), 16L * BLOCK, 1));
        assertTrue(e.getMessage().contains("would queue"), e.getMessage());
        assertTrue(status(pool).contains(" out_of_data_space "), status(pool));
    }

    @Test
    void aWriteToASuspendedDeviceWaitsForTheResumeAndHoldsTheDeviceMeanwhile() throws Exception {
        DeviceInfo pool = pool("pool", "");
        dm.message(pool.ref(), 0, "create_thin 0");
        DeviceInfo thin = dm.createWithTable(DeviceName.of("thin"), Table.of(2048, "thin", pool.number() + " 0"));
        DeviceInfo top = dm.createWithTable(DeviceName.of("top"), Table.of(2048, "linear", thin.number() + " 0"));
        dm.suspend(pool.ref()); // the thin device under top is now suspended inside
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                kernel.write(top.ref(), 0, BLOCK);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(write.isDone(), "the write went through a suspended device");
        assertEquals(1, dm.info(top.ref()).openCount());
        assertThrows(DeviceBusyException.class, () -> dm.remove(top.ref()));
        dm.resume(pool.ref());
        write.get(10, TimeUnit.SECONDS);
        assertEquals("128 127", status(thin));
        assertEquals(0, dm.info(top.ref()).openCount());
    }

    @Test
    void aWaitingWriteEndsOnInterrupt() throws Exception {
        DeviceInfo d = dm.createWithTable(DeviceName.of("a"), Table.of(8, "zero", ""));
        dm.suspend(d.ref());
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                kernel.write(d.ref(), 0, 512);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        Thread.sleep(100);
        writer.interrupt();
        assertInstanceOf(InterruptedIOException.class, outcome.get(10, TimeUnit.SECONDS));
        assertEquals(0, dm.info(d.ref()).openCount());
    }

    @Test
    void writesGoDownTheTablesAndFailWhereTheKernelWould() throws IOException {
        DeviceInfo pool = pool("pool", "");
        dm.message(pool.ref(), 0, "create_thin 0");
        dm.message(pool.ref(), 0, "create_thin 1");
        DeviceInfo a = dm.createWithTable(DeviceName.of("a"), Table.of(1024, "thin", pool.number() + " 0"));
        DeviceInfo b = dm.createWithTable(DeviceName.of("b"), Table.of(1024, "thin", pool.number() + " 1"));
        // chunks of 128 sectors alternate between the two thins: 4 chunks, 2 blocks on each
        DeviceInfo striped = dm.createWithTable(DeviceName.of("s"), Table.of(1024, "striped", "2 128 " + a.number() + " 0 " + b.number() + " 0"));
        kernel.write(striped.ref(), 0, 4 * BLOCK);
        assertEquals("256 255", status(a));
        assertEquals("256 255", status(b));
        DeviceInfo error = dm.createWithTable(DeviceName.of("e"), Table.of(8, "error", ""));
        assertThrows(IOException.class, () -> kernel.write(error.ref(), 0, 512));
        assertThrows(IOException.class, () -> kernel.write(error.ref(), 8 * 512, 512), "past the end");
        DeviceInfo bare = dm.create(DeviceName.of("bare"));
        assertThrows(IOException.class, () -> kernel.write(bare.ref(), 0, 512));
        assertThrows(IllegalArgumentException.class, () -> kernel.write(DeviceRef.name("ghost"), 0, 512));
    }

    @Test
    void poolMetadataFollowsItsDiskThroughLinearDevices() {
        DeviceNumber disk = kernel.addDisk(16 * MIB);
        DeviceNumber data = kernel.addDisk(MIB);
        Table metaOnDisk = Table.of(16384, "linear", disk + " 8192");
        DeviceInfo meta = dm.createWithTable(DeviceName.of("meta"), metaOnDisk);
        DeviceInfo pool = dm.createWithTable(DeviceName.of("pool"), Table.of(2048, "thin-pool", meta.number() + " " + data + " 128 0"));
        dm.message(pool.ref(), 0, "set_transaction_id 0 9");
        dm.remove(pool.ref());
        dm.remove(meta.ref());
        DeviceInfo meta2 = dm.createWithTable(DeviceName.of("meta2"), metaOnDisk);
        DeviceInfo pool2 = dm.createWithTable(DeviceName.of("pool2"), Table.of(2048, "thin-pool", meta2.number() + " " + data + " 128 0"));
        assertTrue(status(pool2).startsWith("9 "), status(pool2));
    }

    @Test
    void manyThreadsShareOneKernel() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    DeviceMapper mine = kernel.open();
                    for (int i = 0; i < 50; i++) {
                        DeviceInfo d = mine.createWithTable(DeviceName.of("t" + id + "-" + i), Table.of(8 + id, "zero", ""));
                        assertEquals(8 + id, mine.table(d.ref()).table().sectors());
                        mine.remove(d.ref());
                    }
                    return 50;
                }));
            }
            for (Future<Integer> f : done) {
                assertEquals(50, f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), dm.list());
    }

    @Test
    void aRaisedEventWakesTheWaiters() throws Exception {
        DeviceInfo d = dm.createWithTable(DeviceName.of("a"), Table.of(8, "zero", ""));
        CompletableFuture<Optional<DeviceInfo>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return dm.awaitEvent(d.ref(), 0, Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(50);
        kernel.raiseEvent(d.ref());
        assertEquals(1, waiting.get(10, TimeUnit.SECONDS).orElseThrow().eventNr());
        assertThrows(IllegalStateException.class, () -> kernel.raiseEvent(dm.create(DeviceName.of("bare")).ref()));
    }

    @Test
    void optionsChangeTheMajorAndTheInterface() {
        FakeKernel old = FakeKernel.create(FakeKernel.Options.defaults().withMajor(254).withInterfaceVersion(InterfaceVersion.of(4, 37, 0)));
        DeviceMapper oldDm = old.open();
        DeviceInfo d = oldDm.create(DeviceName.of("a"));
        assertEquals(254, d.number().major());
        assertEquals(InterfaceVersion.of(4, 37, 0), oldDm.version());
        assertEquals(OptionalLong.empty(), oldDm.list().getFirst().eventNr(), "event numbers are listed from interface 4.38");
        assertThrows(io.jdm.api.InvalidInputException.class, () -> FakeKernel.Options.defaults().withMajor(7));
    }

    @Test
    void whatTheFakeDoesNotModelIsRefusedOutLoud() {
        DeviceInfo d = dm.create(DeviceName.of("a"));
        TableLine crypt = TableLine.withSecret(0, 8, "crypt", "aes-xts-plain64 <secret> 0 7:0 0",
                SecretBytes.copyOf(new byte[32]));
        InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> dm.load(d.ref(), new Table(List.of(crypt))));
        assertEquals(Optional.of("0 8 crypt <params withheld: secure data>"), e.sent(), "a key is never quoted");
        assertThrows(InvalidArgumentException.class, () -> dm.targetVersion("crypt"));
        dm.load(d.ref(), Table.of(8, "zero", ""));
        dm.resume(d.ref());
        assertThrows(UnsupportedOperationException.class, () -> dm.message(d.ref(), 0, "@stats_list"));
    }
}
