package io.jdm.testkit.fake;

import io.jdm.api.ClosedException;
import io.jdm.api.CreateOptions;
import io.jdm.api.DeviceBusyException;
import io.jdm.api.DeviceExistsException;
import io.jdm.api.DeviceFlag;
import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceNumber;
import io.jdm.api.DeviceRef;
import io.jdm.api.DeviceUuid;
import io.jdm.api.EventWatcher;
import io.jdm.api.Geometry;
import io.jdm.api.InvalidArgumentException;
import io.jdm.api.KernelException;
import io.jdm.api.ListedDevice;
import io.jdm.api.LoadOptions;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.api.PermissionDeniedException;
import io.jdm.api.QueryOptions;
import io.jdm.api.RemoveOptions;
import io.jdm.api.RemoveOutcome;
import io.jdm.api.StatusReport;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.api.TargetStatus;
import io.jdm.api.TargetVersion;
import io.jdm.testkit.ForwardingDeviceMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.jdm.api.DeviceFlag.DEFERRED_REMOVE;
import static io.jdm.api.DeviceFlag.INACTIVE_TABLE;
import static io.jdm.api.DeviceFlag.INTERNAL_SUSPEND;
import static io.jdm.api.DeviceFlag.LIVE_TABLE;
import static io.jdm.api.DeviceFlag.READ_ONLY;
import static io.jdm.api.DeviceFlag.SUSPENDED;
import static io.jdm.api.DeviceFlag.UEVENT_GENERATED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What jdm's {@link DeviceMapper} does on Linux, written from the kernel's behaviour (dm-ioctl.c,
 * dm-table.c, dm-thin.c, and what the kernel of jdm's VM answered), and run twice: against the real
 * kernel ({@link KernelContractTest}, in the VM) and against {@link FakeKernel}
 * ({@link FakeKernelContractTest}). A difference between the two fails one of them.
 */
abstract class DeviceMapperContract {
    private static final long MIB = 1024 * 1024;
    private static final int BLOCK = 64 * 1024;
    private static final Duration QUIET = Duration.ofMillis(200);
    private static final Duration SOON = Duration.ofSeconds(10);

    private ContractPlatform p;
    private DeviceMapper dm;

    final void use(ContractPlatform platform) {
        this.p = platform;
        this.dm = platform.dm();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static Set<DeviceFlag> flags(DeviceFlag... flags) {
        return flags.length == 0 ? Set.of() : EnumSet.of(flags[0], flags);
    }

    private DeviceRef ref(String suffix) {
        return DeviceRef.name(p.name(suffix));
    }

    private List<String> myNames() {
        return p.mine().stream().map(d -> d.name().value()).toList();
    }

    private static <T extends KernelException> T refused(Class<T> type, String errno, Executable call) {
        T e = assertThrows(type, call);
        assertEquals(type, e.getClass(), e.getMessage());
        assertEquals(errno, e.errnoName(), e.getMessage());
        return e;
    }

    private void awaitGone(DeviceName name) throws InterruptedException {
        long deadline = System.nanoTime() + SOON.toNanos();
        while (myNames().contains(name.value())) {
            assertTrue(System.nanoTime() < deadline, name + " was not removed after its last holder let go");
            Thread.sleep(20);
        }
    }

    private static String stackTrace(Throwable t) {
        java.io.StringWriter text = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static List<TableLine> lines(Table table) {
        return table.lines();
    }

    private List<TableLine> liveTable(DeviceRef device) {
        return lines(dm.table(device).table());
    }

    private String onlyStatus(DeviceRef device) {
        List<TargetStatus> targets = dm.status(device).targets();
        assertEquals(1, targets.size(), targets.toString());
        return targets.getFirst().text();
    }

    private String onlyTable(DeviceRef device) {
        List<TableLine> lines = liveTable(device);
        assertEquals(1, lines.size(), lines.toString());
        return lines.getFirst().params();
    }

    private Optional<String> message(DeviceInfo device, String text) {
        return dm.message(device.ref(), 0, text);
    }

    /** A thin pool on two new disks; {@code features} is appended to the table line as it is. */
    private record Pool(DeviceNumber meta, DeviceNumber data, long sectors, DeviceInfo info) {
        DeviceRef ref() {
            return info.ref();
        }
    }

    private Pool pool(String name, long metaBytes, long dataBytes, long lowWater, String features) {
        DeviceNumber meta = p.disk(metaBytes);
        DeviceNumber data = p.disk(dataBytes);
        long sectors = dataBytes / 512;
        DeviceInfo info = dm.createWithTable(p.name(name),
                Table.of(sectors, "thin-pool", meta + " " + data + " 128 " + lowWater + features));
        return new Pool(meta, data, sectors, info);
    }

    private Pool pool(String name) {
        return pool(name, 16 * MIB, 64 * MIB, 10, "");
    }

    private DeviceInfo thin(String name, Pool pool, long id, long sectors) {
        return dm.createWithTable(p.name(name), Table.of(sectors, "thin", pool.info().number() + " " + id));
    }

    /** The pool's status words. */
    private String[] poolStatus(Pool pool) {
        return onlyStatus(pool.ref()).split(" ");
    }

    private long usedMetadata(Pool pool) {
        return Long.parseLong(poolStatus(pool)[1].split("/")[0]);
    }

    private long usedData(Pool pool) {
        return Long.parseLong(poolStatus(pool)[2].split("/")[0]);
    }

    // ---- names, uuids, numbers -------------------------------------------------------------------

    @Test
    void aNewDeviceHasNoTableAndIsFoundByNameUuidAndNumber() {
        DeviceInfo d = dm.create(p.name("a"), CreateOptions.defaults().withUuid(p.uuid("a")));
        assertEquals(p.name("a"), d.name());
        assertEquals(Optional.of(p.uuid("a")), d.uuid());
        assertEquals(0, d.openCount());
        assertEquals(0, d.eventNr());
        assertEquals(0, d.targetCount());
        assertEquals(flags(), d.flags());
        assertEquals(d, dm.info(ref("a")));
        assertEquals(d, dm.info(new DeviceRef.ByUuid(p.uuid("a"))));
        assertEquals(d, dm.info(DeviceRef.number(d.number())));
    }

    @Test
    void aTakenNameOrUuidIsEbusy() {
        dm.create(p.name("a"), CreateOptions.defaults().withUuid(p.uuid("a")));
        refused(DeviceExistsException.class, "EBUSY", () -> dm.create(p.name("a")));
        refused(DeviceExistsException.class, "EBUSY", () -> dm.create(p.name("b"), CreateOptions.defaults().withUuid(p.uuid("a"))));
        assertEquals(List.of(p.name("a").value()), myNames());
    }

    @Test
    void minorsAreTheLowestFreeOrTheOneAskedFor() {
        DeviceInfo a = dm.create(p.name("a"));
        dm.create(p.name("b"));
        dm.remove(a.ref());
        DeviceInfo c = dm.create(p.name("c"));
        assertEquals(a.number(), c.number(), "a freed minor is handed out again");

        DeviceInfo fixed = dm.create(p.name("fixed"), CreateOptions.defaults().withMinor(4011));
        assertEquals(DeviceNumber.of(c.number().major(), 4011), fixed.number());
        // the minor is checked before the name: a busy minor is ENXIO (alloc_dev fails), even for a taken name,
        // which jdm reports as the device (number) existing
        refused(DeviceExistsException.class, "ENXIO", () -> dm.create(p.name("d"), CreateOptions.defaults().withMinor(4011)));
        refused(DeviceExistsException.class, "ENXIO", () -> dm.create(p.name("fixed"), CreateOptions.defaults().withMinor(4011)));
    }

    @Test
    void aMissingDeviceIsEnxioForEveryCommand() {
        DeviceInfo real = dm.create(p.name("real"));
        for (DeviceRef ghost : List.of(ref("ghost"), new DeviceRef.ByUuid(p.uuid("ghost")),
                DeviceRef.number(real.number().major(), DeviceNumber.MAX_MINOR), DeviceRef.number(7, real.number().minor()))) {
            List<Executable> calls = List.of(() -> dm.info(ghost), () -> dm.remove(ghost), () -> dm.suspend(ghost),
                    () -> dm.resume(ghost), () -> dm.status(ghost), () -> dm.table(ghost), () -> dm.deps(ghost),
                    () -> dm.load(ghost, Table.of(8, "zero", "")), () -> dm.clear(ghost), () -> dm.message(ghost, 0, "x"),
                    () -> dm.setGeometry(ghost, new Geometry(1, 1, 1, 0)), () -> dm.waitEvent(ghost, 0, QueryOptions.defaults()));
            for (Executable call : calls) {
                refused(NoSuchDeviceException.class, "ENXIO", call);
            }
        }
        refused(NoSuchDeviceException.class, "ENXIO", () -> dm.rename(p.name("ghost"), p.name("other")));
        refused(NoSuchDeviceException.class, "ENXIO", () -> dm.setUuid(p.name("ghost"), p.uuid("other")));
    }

    @Test
    void aRenameKeepsTheDeviceAndIsAnEventOnlyWithALiveTable() {
        DeviceInfo a = dm.create(p.name("old"), CreateOptions.defaults().withUuid(p.uuid("a")));
        DeviceInfo renamed = dm.rename(p.name("old"), p.name("new"));
        // the kernel answers with the request it looked the device up with (by name: no uuid) and its
        // status; no uevent before the first load has given the device its block device
        assertEquals(new DeviceInfo(p.name("new"), Optional.empty(), a.number(), 0, 0, 0, flags()), renamed);
        assertEquals(Optional.of(p.uuid("a")), dm.info(ref("new")).uuid());
        refused(NoSuchDeviceException.class, "ENXIO", () -> dm.info(ref("old")));

        dm.load(ref("new"), Table.of(8, "zero", ""));
        dm.resume(ref("new"));
        DeviceInfo live = dm.rename(p.name("new"), p.name("third"));
        assertEquals(1, live.eventNr(), "renaming a device with a live table is a table event");
        assertEquals(flags(LIVE_TABLE, UEVENT_GENERATED), live.flags());
        assertEquals(1, live.targetCount());
    }

    @Test
    void aRenameChecksTheNewNameBeforeTheOldOne() {
        dm.create(p.name("a"));
        dm.create(p.name("b"));
        refused(DeviceExistsException.class, "EBUSY", () -> dm.rename(p.name("a"), p.name("b")));
        refused(DeviceExistsException.class, "EBUSY", () -> dm.rename(p.name("a"), p.name("a")));
        refused(DeviceExistsException.class, "EBUSY", () -> dm.rename(p.name("ghost"), p.name("b")));
        refused(NoSuchDeviceException.class, "ENXIO", () -> dm.rename(p.name("ghost"), p.name("c")));
        assertEquals(List.of(p.name("a").value(), p.name("b").value()), myNames());
    }

    @Test
    void aUuidIsSetOnceAndStaysUnique() {
        DeviceInfo a = dm.create(p.name("a"));
        dm.create(p.name("b"), CreateOptions.defaults().withUuid(p.uuid("b")));
        DeviceInfo set = dm.setUuid(p.name("a"), p.uuid("a"));
        assertEquals(new DeviceInfo(p.name("a"), Optional.of(p.uuid("a")), a.number(), 0, 0, 0, flags()), set);
        assertEquals(p.name("a"), dm.info(new DeviceRef.ByUuid(p.uuid("a"))).name());
        InvalidArgumentException again = refused(InvalidArgumentException.class, "EINVAL",
                () -> dm.setUuid(p.name("a"), p.uuid("other")));
        assertTrue(again.sent().orElseThrow().contains(p.uuid("other").value()), again.getMessage());
        dm.create(p.name("c"));
        refused(DeviceExistsException.class, "EBUSY", () -> dm.setUuid(p.name("c"), p.uuid("b")));
        assertEquals(Optional.empty(), dm.info(ref("c")).uuid());
        dm.load(ref("c"), Table.of(8, "zero", ""));
        assertEquals(flags(UEVENT_GENERATED), dm.setUuid(p.name("c"), p.uuid("c")).flags(), "a loaded device has its uevents");
    }

    @Test
    void theListIsInNameOrderWithUuidsAndEventNumbers() {
        DeviceInfo b = dm.create(p.name("b"));
        DeviceInfo a = dm.create(p.name("a"), CreateOptions.defaults().withUuid(p.uuid("a")));
        dm.createWithTable(p.name("c"), Table.of(8, "zero", ""));
        dm.rename(p.name("c"), p.name("d"));
        List<ListedDevice> listed = p.mine();
        assertEquals(List.of(p.name("a"), p.name("b"), p.name("d")), listed.stream().map(ListedDevice::name).toList());
        assertEquals(new ListedDevice(p.name("a"), a.number(), OptionalLong.of(0), Optional.of(p.uuid("a"))), listed.get(0));
        assertEquals(new ListedDevice(p.name("b"), b.number(), OptionalLong.of(0), Optional.empty()), listed.get(1));
        assertEquals(OptionalLong.of(1), listed.get(2).eventNr());
    }

    @Test
    void aSecondHandleSeesTheSameDevicesAndClosesAloneWithItsWatchers() throws Exception {
        DeviceMapper other = p.openAnother();
        dm.create(p.name("a"));
        assertTrue(other.list().stream().anyMatch(d -> d.name().equals(p.name("a"))));
        EventWatcher closedFirst = other.watchEvents();
        closedFirst.close();
        assertThrows(ClosedException.class, closedFirst::arm);
        other.list(); // a watcher's close leaves its device mapper open

        EventWatcher watcher = other.watchEvents();
        watcher.arm();
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                watcher.await(Duration.ofMinutes(1));
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        other.close();
        assertInstanceOf(ClosedException.class, waiter.get(30, TimeUnit.SECONDS), "a waiter ends when its device mapper closes");
        assertThrows(ClosedException.class, watcher::arm);
        assertThrows(ClosedException.class, other::list);
        assertThrows(ClosedException.class, () -> other.info(ref("a")));
        assertEquals(p.name("a"), dm.info(ref("a")).name());
        dm.watchEvents().close(); // the first handle's watchers are its own
    }

    // ---- tables ----------------------------------------------------------------------------------

    @Test
    void aLoadedTableIsInactiveUntilTheResume() {
        dm.create(p.name("a"));
        DeviceInfo loaded = dm.load(ref("a"), Table.of(8, "zero", ""));
        assertEquals(flags(INACTIVE_TABLE), loaded.flags());
        assertEquals(0, loaded.targetCount());
        assertEquals(flags(INACTIVE_TABLE), dm.info(ref("a")).flags());
        assertEquals(List.of(), liveTable(ref("a")));
        assertEquals(List.of(TableLine.of(0, 8, "zero", "")), lines(dm.table(ref("a"), QueryOptions.defaults().withInactiveTable(true)).table()));
        assertEquals(List.of(), dm.status(ref("a")).targets());
        StatusReport inactive = dm.status(ref("a"), QueryOptions.defaults().withInactiveTable(true));
        assertEquals(List.of(new TargetStatus(0, 8, "zero", "")), inactive.targets());
        assertEquals(1, inactive.info().targetCount());
        assertEquals(flags(INACTIVE_TABLE), inactive.info().flags());

        DeviceInfo resumed = dm.resume(ref("a"));
        assertEquals(flags(LIVE_TABLE, UEVENT_GENERATED), resumed.flags());
        assertEquals(1, resumed.targetCount());
        assertEquals(flags(LIVE_TABLE), dm.info(ref("a")).flags());
        assertEquals(List.of(TableLine.of(0, 8, "zero", "")), liveTable(ref("a")));
    }

    @Test
    void aLoadReplacesTheInactiveTableAndAClearDropsIt() {
        dm.createWithTable(p.name("a"), Table.of(8, "zero", ""));
        DeviceInfo loaded = dm.load(ref("a"), Table.of(16, "error", ""));
        assertEquals(flags(LIVE_TABLE, INACTIVE_TABLE), loaded.flags());
        assertEquals(1, loaded.targetCount());
        dm.load(ref("a"), Table.of(32, "zero", ""));
        assertEquals(List.of(TableLine.of(0, 32, "zero", "")), lines(dm.table(ref("a"), QueryOptions.defaults().withInactiveTable(true)).table()));
        DeviceInfo cleared = dm.clear(ref("a"));
        assertEquals(flags(LIVE_TABLE), cleared.flags());
        assertEquals(List.of(), lines(dm.table(ref("a"), QueryOptions.defaults().withInactiveTable(true)).table()));
        // nothing to swap and never suspended: the resume does nothing, not even a uevent
        assertEquals(flags(LIVE_TABLE), dm.resume(ref("a")).flags());
        assertEquals(List.of(TableLine.of(0, 8, "zero", "")), liveTable(ref("a")));
    }

    @Test
    void suspendIsIdempotentAndAResumeSwapsWhatWasLoaded() {
        dm.createWithTable(p.name("a"), Table.of(8, "zero", ""));
        assertEquals(flags(LIVE_TABLE, SUSPENDED), dm.suspend(ref("a"), SuspendOptions.defaults().withNoFlush(true)).flags());
        assertEquals(flags(LIVE_TABLE, SUSPENDED), dm.suspend(ref("a")).flags());
        assertTrue(dm.info(ref("a")).suspended());
        dm.load(ref("a"), Table.of(16, "error", ""));
        assertEquals(flags(LIVE_TABLE, SUSPENDED, INACTIVE_TABLE), dm.info(ref("a")).flags());
        assertEquals(flags(LIVE_TABLE, UEVENT_GENERATED), dm.resume(ref("a")).flags());
        assertEquals(List.of(TableLine.of(0, 16, "error", "")), liveTable(ref("a")));
        assertEquals(flags(LIVE_TABLE), dm.info(ref("a")).flags());
    }

    @Test
    void aDeviceWithoutATableResumesOnlyIfNeverSuspended() {
        dm.create(p.name("a"));
        assertEquals(flags(), dm.resume(ref("a")).flags());
        assertEquals(flags(SUSPENDED), dm.suspend(ref("a")).flags());
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.resume(ref("a")));
        assertEquals(flags(SUSPENDED), dm.info(ref("a")).flags());
    }

    @Test
    void aReadOnlyTableMakesTheDeviceReadOnlyWhenLive() {
        dm.create(p.name("a"));
        dm.load(ref("a"), Table.of(8, "zero", ""), LoadOptions.defaults().withReadOnly(true));
        assertEquals(flags(INACTIVE_TABLE), dm.info(ref("a")).flags());
        assertEquals(flags(INACTIVE_TABLE, READ_ONLY),
                dm.status(ref("a"), QueryOptions.defaults().withInactiveTable(true)).info().flags());
        assertEquals(flags(LIVE_TABLE, READ_ONLY, UEVENT_GENERATED), dm.resume(ref("a")).flags());
        dm.load(ref("a"), Table.of(8, "zero", ""));
        assertEquals(flags(LIVE_TABLE, UEVENT_GENERATED), dm.resume(ref("a")).flags());
    }

    @Test
    void tablesReadBackInTheKernelsPrintForm() {
        DeviceNumber d0 = p.disk(4 * MIB);
        DeviceNumber d1 = p.disk(4 * MIB);
        Table table = Table.builder()
                .add(100, "linear", d0 + " 007")
                .add(200, "linear", d1 + " 2048")
                .add(8, "zero", "")
                .add(8, "error", "these words are ignored")
                .add(256, "striped", "2 64 " + d0 + " 100 " + d1 + " 100")
                .build();
        DeviceInfo d = dm.createWithTable(p.name("a"), table);
        assertEquals(5, d.targetCount());
        assertEquals(List.of(TableLine.of(0, 100, "linear", d0 + " 7"), TableLine.of(100, 200, "linear", d1 + " 2048"),
                TableLine.of(300, 8, "zero", ""), TableLine.of(308, 8, "error", ""),
                TableLine.of(316, 256, "striped", "2 64 " + d0 + " 100 " + d1 + " 100")), liveTable(d.ref()));
        assertEquals(List.of("", "", "", "", "2 " + d0 + " " + d1 + " 1 AA"),
                dm.status(d.ref()).targets().stream().map(TargetStatus::text).toList());
        // the devices in the order the table first opened them, the last one first
        assertEquals(List.of(d1, d0), dm.deps(d.ref()).devices());
        assertEquals(List.of(), dm.deps(d.ref(), QueryOptions.defaults().withInactiveTable(true)).devices());
    }

    @Test
    void tablesTheKernelRefusesAreEinvalAndChangeNothing() {
        DeviceNumber d0 = p.disk(4 * MIB);
        DeviceNumber d1 = p.disk(4 * MIB);
        DeviceNumber meta = p.disk(4 * MIB);
        dm.create(p.name("bad"));
        String pool = meta + " " + d1 + " ";
        List<Table> tables = List.of(
                Table.of(8, "no-such-target", "x y"),
                Table.of(8, "zero", "unexpected"),
                Table.of(8, "linear", d0.toString()),
                Table.of(8, "linear", d0 + " -1"),
                Table.of(8, "linear", d0 + " 0 extra"),
                Table.of(101, "striped", "2 8 " + d0 + " 0 " + d1 + " 0"),
                Table.of(100, "striped", "2 8 " + d0 + " 0 " + d1 + " 0"),
                Table.of(16, "striped", "2 8 " + d0 + " 0"),
                Table.of(16, "striped", "0 8"),
                Table.of(8192, "thin-pool", pool + "64 0"),
                Table.of(8192, "thin-pool", pool + "192 0"),
                Table.of(8192, "thin-pool", pool + "4194304 0"),
                Table.of(8192, "thin-pool", pool + "128 x"),
                Table.of(8192, "thin-pool", pool + "128"),
                Table.of(8192, "thin-pool", d1 + " " + d1 + " 128 0"),
                Table.of(8192, "thin-pool", pool + "128 0 5 a b c d e"),
                Table.of(8192, "thin-pool", pool + "128 0 1 no_such_feature"),
                Table.of(8192, "thin-pool", pool + "128 0 2 skip_block_zeroing"),
                Table.builder().add(8, "zero", "").add(8192, "thin-pool", pool + "128 0").build(),
                Table.of(8, "thin", d0 + " 0"),
                Table.of(8, "thin", d0.toString()));
        for (Table t : tables) {
            InvalidArgumentException e = refused(InvalidArgumentException.class, "EINVAL", () -> dm.load(ref("bad"), t));
            assertEquals(t.toString().strip(), e.sent().orElseThrow());
        }
        refused(InvalidArgumentException.class, "EINVAL",
                () -> dm.load(ref("bad"), Table.of(8192, "thin-pool", pool + "128 0"), LoadOptions.defaults().withReadOnly(true)));
        assertEquals(flags(), dm.info(ref("bad")).flags());
    }

    @Test
    void aTableOnAMissingDeviceOrOnItselfIsRefused() {
        DeviceInfo self = dm.create(p.name("a"));
        DeviceInfo empty = dm.create(p.name("empty"));
        refused(NoSuchDeviceException.class, "ENXIO", () -> dm.load(self.ref(), Table.of(8, "linear", "200:1 0")));
        // a device-mapper device gets its block device at its first table load
        refused(NoSuchDeviceException.class, "ENXIO", () -> dm.load(self.ref(), Table.of(8, "linear", empty.number() + " 0")));
        KernelException path = refused(KernelException.class, "ENODEV", () -> dm.load(self.ref(), Table.of(8, "linear", "/dev/jdm-no-such-disk 0")));
        assertEquals(Optional.of("0 8 linear /dev/jdm-no-such-disk 0"), path.sent());
        refused(NoSuchDeviceException.class, "ENXIO", () -> dm.load(self.ref(), Table.of(8, "linear", self.number() + " 0")));
        assertEquals(flags(), dm.info(self.ref()).flags());
        // once it has a block device, Linux 6.1 lets a device's table map onto the device itself, which then holds itself open
        dm.load(self.ref(), Table.of(8, "zero", ""));
        dm.load(self.ref(), Table.of(8, "linear", self.number() + " 0"));
        assertEquals(1, dm.info(self.ref()).openCount());
        dm.clear(self.ref());
        assertEquals(0, dm.info(self.ref()).openCount());
    }

    @Test
    void theFirstLoadChecksDeviceSizesLaterOnesOnlyTheResume() {
        DeviceNumber small = p.disk(MIB);
        dm.create(p.name("a"));
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.load(ref("a"), Table.of(4096, "linear", small + " 0")));
        assertEquals(flags(), dm.info(ref("a")).flags());

        dm.createWithTable(p.name("b"), Table.of(2048, "linear", small + " 0"));
        assertEquals(flags(LIVE_TABLE, INACTIVE_TABLE), dm.load(ref("b"), Table.of(4096, "linear", small + " 0")).flags());
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.resume(ref("b")));
        // the resume suspended the device before the swap failed, and the refused table is gone
        assertEquals(flags(LIVE_TABLE, SUSPENDED), dm.info(ref("b")).flags());
        assertEquals(List.of(TableLine.of(0, 2048, "linear", small + " 0")), liveTable(ref("b")));
        assertEquals(flags(LIVE_TABLE, UEVENT_GENERATED), dm.resume(ref("b")).flags());

        // a device-mapper device without a live table has size 0, which passes the size check
        DeviceInfo sizeless = dm.create(p.name("sizeless"));
        dm.load(sizeless.ref(), Table.of(8, "zero", ""));
        DeviceInfo above = dm.createWithTable(p.name("above"), Table.of(8, "linear", sizeless.number() + " 0"));
        assertEquals(List.of(sizeless.number()), dm.deps(above.ref()).devices());
    }

    @Test
    void aTableSwapIsAGlobalEventButNotADeviceEvent() throws InterruptedException {
        DeviceInfo d = dm.createWithTable(p.name("a"), Table.of(8, "zero", ""));
        try (EventWatcher watcher = dm.watchEvents()) {
            watcher.arm();
            dm.load(d.ref(), Table.of(16, "error", ""));
            dm.info(d.ref());
            assertFalse(watcher.await(QUIET), "a load (not the first) and an info are no events");
            DeviceInfo swapped = dm.resume(d.ref());
            assertTrue(watcher.await(SOON), "the swap was not seen");
            assertEquals(d.eventNr(), swapped.eventNr());
        }
        assertEquals(Optional.empty(), dm.awaitEvent(d.ref(), d.eventNr(), QUIET));
    }

    @Test
    void messagesGoToTheTargetAtTheSector() {
        DeviceInfo zero = dm.createWithTable(p.name("zero"), Table.of(8, "zero", ""));
        InvalidArgumentException none = refused(InvalidArgumentException.class, "EINVAL", () -> message(zero, "hello"));
        assertEquals(Optional.of("sector 0 message 'hello'"), none.sent());
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.message(zero.ref(), 8, "hello"));
        refused(InvalidArgumentException.class, "EINVAL", () -> message(zero, "@no_such_core_message"));
        refused(InvalidArgumentException.class, "EINVAL", () -> message(zero, "@cancel_deferred_remove now"));
        assertEquals(Optional.empty(), message(zero, "@cancel_deferred_remove"));
        // without a live table: EINVAL (Linux 6.1.0-50 returned +2, which jdm turns into a KernelException with errno 0)
        DeviceInfo bare = dm.create(p.name("bare"));
        refused(InvalidArgumentException.class, "EINVAL", () -> message(bare, "hello"));
    }

    @Test
    void geometryIsCheckedAndTheDevicesInfoComesBackByNameOrNumber() {
        DeviceInfo d = dm.createWithTable(p.name("a"), Table.of(2048, "zero", ""));
        assertEquals(dm.info(d.ref()), dm.setGeometry(d.ref(), new Geometry(64, 16, 63, 0)));
        // the kernel copies nothing back: by number there is no name in the buffer to read
        assertEquals(dm.info(d.ref()), dm.setGeometry(DeviceRef.number(d.number()), new Geometry(64, 16, 63, 0)));
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.setGeometry(d.ref(), new Geometry(1, 1, 1, 2)));
    }

    @Test
    void targetVersionsAreListedAndFetchedOneByOne() {
        assertEquals(dm.kernelVersion(), dm.version());
        assertEquals(4, dm.version().major());
        for (String type : List.of("linear", "striped", "zero", "error", "thin-pool", "thin")) {
            TargetVersion v = dm.targetVersion(type);
            assertEquals(type, v.name());
            assertTrue(v.major() >= 1, v.toString());
            assertTrue(dm.targetVersions().contains(v), v + " is listed once it is loaded");
        }
        InvalidArgumentException e = refused(InvalidArgumentException.class, "EINVAL", () -> dm.targetVersion("no-such-target"));
        assertTrue(e.getMessage().contains("no-such-target"), e.getMessage());
    }

    // ---- open counts and removal -----------------------------------------------------------------

    @Test
    void aHeldDeviceIsBusyThenMarkedForDeferredRemoval() throws Exception {
        DeviceInfo d = dm.createWithTable(p.name("held"), Table.of(8, "zero", ""));
        try (AutoCloseable held = p.hold(d); EventWatcher watcher = dm.watchEvents()) {
            assertEquals(1, dm.info(d.ref()).openCount());
            refused(DeviceBusyException.class, "EBUSY", () -> dm.remove(d.ref()));
            refused(DeviceBusyException.class, "EBUSY",
                    () -> dm.remove(d.ref(), RemoveOptions.defaults().withBusyRetries(2, Duration.ofMillis(10))));
            watcher.arm();
            assertEquals(RemoveOutcome.DEFERRED, dm.remove(d.ref(), RemoveOptions.defaults().withDeferred(true)));
            assertTrue(watcher.await(SOON), "marking a device for deferred removal is a global event");
            assertEquals(flags(LIVE_TABLE, DEFERRED_REMOVE), dm.info(d.ref()).flags());
            assertEquals(Optional.empty(), message(d, "@cancel_deferred_remove"));
            assertEquals(flags(LIVE_TABLE), dm.info(d.ref()).flags());
            assertEquals(RemoveOutcome.DEFERRED, dm.remove(d.ref(), RemoveOptions.defaults().withDeferred(true)));
        }
        awaitGone(d.name());
        // an idle device goes at once, deferred or not
        DeviceInfo idle = dm.createWithTable(p.name("idle"), Table.of(8, "zero", ""));
        assertEquals(RemoveOutcome.REMOVED, dm.remove(idle.ref(), RemoveOptions.defaults().withDeferred(true)));
    }

    @Test
    void aTableHoldsTheDeviceItMapsOntoOnceWhateverItsTables() {
        DeviceInfo lower = dm.createWithTable(p.name("lower"), Table.of(64, "zero", ""));
        DeviceInfo upper = dm.create(p.name("upper"));
        Table onLower = Table.of(64, "linear", lower.number() + " 0");
        dm.load(upper.ref(), onLower);
        assertEquals(1, dm.info(lower.ref()).openCount(), "an inactive table holds its devices");
        refused(DeviceBusyException.class, "EBUSY", () -> dm.remove(lower.ref()));
        dm.resume(upper.ref());
        dm.load(upper.ref(), onLower);
        assertEquals(1, dm.info(lower.ref()).openCount(), "one device opens another once, live and inactive tables together");
        dm.clear(upper.ref());
        assertEquals(1, dm.info(lower.ref()).openCount());
        dm.load(upper.ref(), Table.of(64, "zero", ""));
        dm.resume(upper.ref());
        assertEquals(0, dm.info(lower.ref()).openCount(), "the table swapped out let go");
        assertEquals(RemoveOutcome.REMOVED, dm.remove(lower.ref()));
    }

    @Test
    void aDeferredRemovalFollowsTheDeviceOnTop() throws InterruptedException {
        DeviceInfo lower = dm.createWithTable(p.name("lower"), Table.of(64, "zero", ""));
        DeviceInfo upper = dm.createWithTable(p.name("upper"), Table.of(64, "linear", lower.number() + " 0"));
        assertEquals(RemoveOutcome.DEFERRED, dm.remove(lower.ref(), RemoveOptions.defaults().withDeferred(true)));
        dm.remove(upper.ref());
        awaitGone(lower.name());
    }

    @Test
    void removeAllTakesWhatItCanAndMarksTheRest() throws Exception {
        assumeTrue(p.ownsTheKernel(), "a remove-all would take other users' devices");
        DeviceInfo held = dm.createWithTable(p.name("held"), Table.of(8, "zero", ""));
        DeviceInfo lower = dm.createWithTable(p.name("lower"), Table.of(8, "zero", ""));
        dm.createWithTable(p.name("upper"), Table.of(8, "linear", lower.number() + " 0"));
        dm.create(p.name("plain"));
        try (AutoCloseable h = p.hold(held)) {
            dm.removeAll(true);
            assertEquals(List.of(p.name("held").value()), myNames());
            assertEquals(flags(LIVE_TABLE, DEFERRED_REMOVE), dm.info(held.ref()).flags());
        }
        awaitGone(held.name());
    }

    // ---- events ----------------------------------------------------------------------------------

    @Test
    void devWaitReturnsOnceTheCounterDiffers() throws Exception {
        DeviceInfo d = dm.createWithTable(p.name("w"), Table.of(8, "zero", ""));
        assertEquals(0, dm.waitEvent(d.ref(), 5, QueryOptions.defaults()).info().eventNr(), "a different number returns at once");
        ExecutorService waiter = Executors.newSingleThreadExecutor();
        try {
            Future<StatusReport> woke = waiter.submit(() -> dm.waitEvent(DeviceRef.number(d.number()), 0, QueryOptions.defaults()));
            Thread.sleep(QUIET.toMillis());
            assertFalse(woke.isDone(), "DEV_WAIT returned before any event");
            dm.rename(p.name("w"), p.name("w2"));
            StatusReport report = woke.get(SOON.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, report.info().eventNr());
            assertEquals(p.name("w"), report.info().name(), "the name is written into the reply at the lookup, before the wait");
            assertEquals(List.of(new TargetStatus(0, 8, "zero", "")), report.targets());
        } finally {
            waiter.shutdownNow();
        }
    }

    @Test
    void theGlobalEventIsCreateRemoveAndRenameNotQueries() throws InterruptedException {
        try (EventWatcher watcher = dm.watchEvents()) {
            watcher.arm();
            assertFalse(watcher.await(QUIET));
            watcher.arm();
            dm.create(p.name("a"));
            assertTrue(watcher.await(SOON), "create");
            watcher.arm();
            dm.info(ref("a"));
            dm.list();
            dm.load(ref("a"), Table.of(8, "zero", ""));
            dm.clear(ref("a"));
            assertFalse(watcher.await(QUIET), "queries, a load and a clear are no events");
            watcher.arm();
            dm.rename(p.name("a"), p.name("b"));
            assertTrue(watcher.await(SOON), "rename");
            watcher.arm();
            dm.remove(ref("b"));
            assertTrue(watcher.await(SOON), "remove");
        }
    }

    // ---- thin pools ------------------------------------------------------------------------------

    @Test
    void aFreshPoolReadsBackAndReportsTheKernelsCounters() {
        Pool pool = pool("pool");
        assertEquals(pool.meta() + " " + pool.data() + " 128 10 0 ", onlyTable(pool.ref()));
        // metadata: 4096 blocks of 4 KiB, a tenth held in reserve and counted as used; data: 1024 blocks of 64 KiB
        assertEquals("0 418/4096 0/1024 - rw discard_passdown queue_if_no_space - 1024 ", onlyStatus(pool.ref()));
        Pool small = pool("small", 8 * MIB, 64 * MIB, 0, " 3 error_if_no_space SKIP_BLOCK_ZEROING skip_block_zeroing extra");
        assertEquals(small.meta() + " " + small.data() + " 128 0 2 skip_block_zeroing error_if_no_space ", onlyTable(small.ref()));
        assertEquals("0 213/2048 0/1024 - rw discard_passdown error_if_no_space - 512 ", onlyStatus(small.ref()));
        Pool noDiscard = pool("nodiscard", 8 * MIB, 8 * MIB, 0, " 1 ignore_discard");
        assertEquals("0 213/2048 0/128 - rw ignore_discard queue_if_no_space - 512 ", onlyStatus(noDiscard.ref()));
    }

    @Test
    void poolMessagesKeepTheBooksAndAnswerWithTheKernelsErrnos() {
        Pool pool = pool("pool");
        DeviceInfo p0 = pool.info();
        long fresh = usedMetadata(pool);
        assertEquals(Optional.empty(), message(p0, "create_thin 0"));
        assertEquals(fresh + 1, usedMetadata(pool), "a thin device's root");
        refused(DeviceExistsException.class, "EEXIST", () -> message(p0, "create_thin 0"));
        refused(InvalidArgumentException.class, "EINVAL", () -> message(p0, "create_thin 16777216"));
        message(p0, "create_thin +5");
        message(p0, "Create_Thin 6");
        refused(InvalidArgumentException.class, "EINVAL", () -> message(p0, "create_thin"));
        refused(InvalidArgumentException.class, "EINVAL", () -> message(p0, "create_thin 1 2"));
        refused(InvalidArgumentException.class, "EINVAL", () -> message(p0, "frobnicate"));
        assertEquals(fresh + 3, usedMetadata(pool));

        message(p0, "create_snap 7 0");
        assertEquals(fresh + 3, usedMetadata(pool), "a snapshot shares its origin's tree");
        refused(DeviceExistsException.class, "EEXIST", () -> message(p0, "create_snap 7 0"));
        refused(KernelException.class, "ENODATA", () -> message(p0, "create_snap 8 99"));
        refused(KernelException.class, "ENODATA", () -> message(p0, "delete 99"));
        message(p0, "delete 6");
        assertEquals(fresh + 2, usedMetadata(pool));

        refused(InvalidArgumentException.class, "EINVAL", () -> message(p0, "set_transaction_id 1 2"));
        message(p0, "set_transaction_id 0 5");
        assertEquals("5", poolStatus(pool)[0]);
        refused(InvalidArgumentException.class, "EINVAL", () -> message(p0, "set_transaction_id 0 6"));

        message(p0, "reserve_metadata_snap");
        assertTrue(poolStatus(pool)[3].matches("[1-9][0-9]*"), "the held root is a block number: " + onlyStatus(pool.ref()));
        assertEquals(fresh + 3, usedMetadata(pool));
        refused(DeviceBusyException.class, "EBUSY", () -> message(p0, "reserve_metadata_snap"));
        message(p0, "release_metadata_snap");
        assertEquals("-", poolStatus(pool)[3]);
        refused(InvalidArgumentException.class, "EINVAL", () -> message(p0, "release_metadata_snap"));
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.message(pool.ref(), pool.sectors(), "create_thin 9"));
    }

    @Test
    void thinDevicesOpenTheirIdAndNeedAResumedPool() {
        Pool pool = pool("pool");
        message(pool.info(), "create_thin 0");
        refused(KernelException.class, "ENODATA", () -> thin("nine", pool, 9, 8192));
        assertEquals(List.of(p.name("pool").value()), myNames(), "the refused create was rolled back");
        DeviceInfo thin = thin("thin", pool, 0, 8192);
        assertEquals(pool.info().number() + " 0", onlyTable(thin.ref()));
        assertEquals("0 -", onlyStatus(thin.ref()));
        assertEquals(List.of(pool.info().number()), dm.deps(thin.ref()).devices());
        assertEquals(1, dm.info(pool.ref()).openCount());
        refused(DeviceBusyException.class, "EBUSY", () -> message(pool.info(), "delete 0"));
        refused(DeviceBusyException.class, "EBUSY", () -> dm.remove(pool.ref()));

        dm.suspend(pool.ref());
        assertEquals(flags(LIVE_TABLE, INTERNAL_SUSPEND), dm.info(thin.ref()).flags(), "a pool's suspend suspends its thins inside");
        dm.create(p.name("late"));
        refused(InvalidArgumentException.class, "EINVAL",
                () -> dm.load(ref("late"), Table.of(8192, "thin", pool.info().number() + " 0")));
        dm.resume(pool.ref());
        assertEquals(flags(LIVE_TABLE), dm.info(thin.ref()).flags());

        dm.remove(thin.ref());
        assertEquals(0, dm.info(pool.ref()).openCount());
        message(pool.info(), "delete 0");

        // an external origin: read where the thin device has no block of its own, printed after the id
        message(pool.info(), "create_thin 1");
        DeviceNumber origin = p.disk(4 * MIB);
        DeviceInfo external = dm.createWithTable(p.name("external"),
                Table.of(8192, "thin", pool.info().number() + " 1 " + origin));
        assertEquals(pool.info().number() + " 1 " + origin, onlyTable(external.ref()));
        assertEquals(List.of(pool.info().number(), origin), dm.deps(external.ref()).devices());
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.load(external.ref(),
                Table.of(8192, "thin", pool.info().number() + " 1 " + pool.info().number())));
        DeviceInfo notAPool = dm.createWithTable(p.name("zero"), Table.of(8192, "zero", ""));
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.load(ref("late"), Table.of(8, "thin", notAPool.number() + " 0")));
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.load(ref("late"), Table.of(8, "thin", pool.info().number() + " x")));
    }

    @Test
    void writesProvisionBlocksAndSnapshotsShareThem() throws IOException {
        Pool pool = pool("pool", 16 * MIB, 64 * MIB, 0, "");
        message(pool.info(), "create_thin 0");
        DeviceInfo thin = thin("thin", pool, 0, 8192);
        p.write(thin, 2L * BLOCK, 3 * BLOCK);
        assertEquals("384 639", onlyStatus(thin.ref()), "3 blocks of 128 sectors, the highest ending at block 5");
        assertEquals(3, usedData(pool));
        dm.suspend(thin.ref());
        message(pool.info(), "create_snap 1 0");
        dm.resume(thin.ref());
        assertEquals(3, usedData(pool), "a snapshot shares every block");
        p.write(thin, 2L * BLOCK, BLOCK);
        assertEquals(4, usedData(pool), "writing a shared block breaks the sharing");
        p.write(thin, 2L * BLOCK, BLOCK);
        assertEquals(4, usedData(pool), "a block of its own is overwritten in place");
        assertEquals("384 639", onlyStatus(thin.ref()));
        message(pool.info(), "delete 1");
        assertEquals(3, usedData(pool), "the snapshot's own block is freed");
    }

    @Test
    void theLowWaterMarkFiresOncePerResume() throws IOException {
        Pool pool = pool("pool", 16 * MIB, 64 * MIB, 1020, "");
        message(pool.info(), "create_thin 0");
        DeviceInfo thin = thin("thin", pool, 0, 64 * 128);
        long before = dm.info(pool.ref()).eventNr();
        for (int block = 0; block < 4; block++) {
            p.write(thin, (long) block * BLOCK, BLOCK);
        }
        assertEquals(before, dm.info(pool.ref()).eventNr(), "1021 free blocks before the 4th allocation: above the mark");
        p.write(thin, 4L * BLOCK, BLOCK);
        assertEquals(before + 1, dm.info(pool.ref()).eventNr(), "1020 free before the 5th: the mark is reached");
        p.write(thin, 5L * BLOCK, 3 * BLOCK);
        assertEquals(before + 1, dm.info(pool.ref()).eventNr(), "once until the next resume");
        dm.suspend(pool.ref());
        dm.resume(pool.ref());
        assertEquals(before + 1, dm.info(pool.ref()).eventNr(), "suspend and resume are no events");
        p.write(thin, 8L * BLOCK, BLOCK);
        assertEquals(before + 2, dm.info(pool.ref()).eventNr(), "after a resume the mark fires again");
    }

    @Test
    void aFullPoolThatErrorsRunsOutOfDataSpaceAndRecoversWhenBlocksAreFreed() throws Exception {
        Pool pool = pool("pool", 8 * MIB, MIB, 0, " 1 error_if_no_space");
        message(pool.info(), "create_thin 0");
        DeviceInfo thin = thin("thin", pool, 0, 64 * 128);
        p.write(thin, 0, 16 * BLOCK);
        assertEquals("16/16", poolStatus(pool)[2]);
        assertEquals("rw", poolStatus(pool)[4]);
        long before = dm.info(pool.ref()).eventNr();
        assertThrows(IOException.class, () -> p.write(thin, 16L * BLOCK, BLOCK));
        assertEquals("out_of_data_space", poolStatus(pool)[4]);
        assertEquals(before + 2, dm.info(pool.ref()).eventNr(), "the low water mark (0 free) and the change of mode");
        dm.remove(thin.ref());
        message(pool.info(), "delete 0");
        assertEquals("0/16", poolStatus(pool)[2]);
        assertEquals("rw", poolStatus(pool)[4], "a commit with free blocks ends out-of-data-space");
    }

    @Test
    void poolMetadataOutlivesThePoolDevice() throws IOException {
        Pool pool = pool("pool");
        message(pool.info(), "create_thin 0");
        message(pool.info(), "create_thin 1");
        message(pool.info(), "set_transaction_id 0 7");
        DeviceInfo thin = thin("thin", pool, 0, 8192);
        p.write(thin, 0, 2 * BLOCK);
        dm.remove(thin.ref());
        dm.remove(pool.ref());

        String line = pool.meta() + " " + pool.data() + " 128 10";
        DeviceInfo again = dm.createWithTable(p.name("again"), Table.of(pool.sectors(), "thin-pool", line));
        assertEquals("7 420/4096 2/1024", String.join(" ", List.of(onlyStatus(again.ref()).split(" ")).subList(0, 3)));
        refused(DeviceExistsException.class, "EEXIST", () -> message(again, "create_thin 1"));
        dm.remove(again.ref());

        // formatted metadata keeps its block size, and a pool never shrinks (refused at the resume)
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.createWithTable(p.name("other-block"),
                Table.of(pool.sectors(), "thin-pool", pool.meta() + " " + pool.data() + " 256 10")));
        refused(InvalidArgumentException.class, "EINVAL",
                () -> dm.createWithTable(p.name("smaller"), Table.of(pool.sectors() / 2, "thin-pool", line)));
        assertEquals(List.of(), myNames());

        // zeroing the superblock (the first 4 KiB) unformats the metadata: the next pool starts afresh
        p.writeDisk(pool.meta(), 0, 4096);
        DeviceInfo fresh = dm.createWithTable(p.name("fresh"), Table.of(pool.sectors(), "thin-pool", line));
        assertEquals("0 418/4096 0/1024 - rw discard_passdown queue_if_no_space - 1024 ", onlyStatus(fresh.ref()));
    }

    @Test
    void poolsClaimTheirDevicesAndKeepTheirType() {
        Pool pool = pool("pool");
        dm.create(p.name("second"));
        refused(DeviceBusyException.class, "EBUSY", () -> dm.load(ref("second"),
                Table.of(pool.sectors(), "thin-pool", pool.meta() + " " + pool.data() + " 128 10")));
        refused(PermissionDeniedException.class, "EPERM", () -> dm.load(ref("second"),
                Table.of(pool.sectors(), "thin-pool", p.disk(8 * MIB) + " " + p.disk(64 * MIB) + " 128 10 1 read_only")));
        // a live pool is immutable: only the error target may replace it
        refused(InvalidArgumentException.class, "EINVAL", () -> dm.load(pool.ref(), Table.of(8, "zero", "")));
        assertEquals(flags(LIVE_TABLE, INACTIVE_TABLE), dm.load(pool.ref(), Table.of(pool.sectors(), "error", "")).flags());
    }

    // ---- createWithTable ---------------------------------------------------------------------------

    @Test
    void aCreateWithATableTheKernelRefusesLeavesNothing() {
        InvalidArgumentException e = refused(InvalidArgumentException.class, "EINVAL",
                () -> dm.createWithTable(p.name("half"), CreateOptions.defaults().withUuid(p.uuid("half")),
                        Table.of(100, "zero", "unexpected"), LoadOptions.defaults()));
        assertEquals(Optional.of("0 100 zero unexpected"), e.sent());
        assertEquals(List.of(), myNames());
        // the name and the uuid are free again
        dm.create(p.name("half"), CreateOptions.defaults().withUuid(p.uuid("half")));
    }

    @Test
    void racingCreatesOfOneNameHaveOneWinnerThatNoRollbackTouches() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 6; round++) {
                DeviceName name = p.name("race" + round);
                boolean withRefusedTable = round % 2 == 1;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<DeviceInfo>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Table table = withRefusedTable && t == 0 ? Table.of(8, "zero", "refused") : Table.of(8 + t, "zero", "");
                    results.add(pool.submit(() -> {
                        start.await();
                        return dm.createWithTable(name, table);
                    }));
                }
                start.countDown();
                List<DeviceInfo> winners = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int thread = t;
                    try {
                        winners.add(results.get(t).get(SOON.toSeconds(), TimeUnit.SECONDS));
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable cause = e.getCause();
                        boolean expected = cause instanceof DeviceExistsException
                                || (withRefusedTable && t == 0 && cause instanceof InvalidArgumentException);
                        assertTrue(expected, () -> "thread " + thread + " failed: " + stackTrace(cause));
                    }
                }
                if (winners.isEmpty()) {
                    assertTrue(withRefusedTable, "with good tables only, one create must win");
                    assertFalse(myNames().contains(name.value()), "no winner, yet " + name + " exists");
                    continue;
                }
                assertEquals(1, winners.size(), "winners: " + winners);
                DeviceInfo info = dm.info(DeviceRef.name(name));
                assertEquals(flags(LIVE_TABLE), info.flags());
                assertEquals(winners.getFirst().number(), info.number());
                assertEquals(winners.getFirst().targetCount(), info.targetCount());
                long sectors = dm.table(DeviceRef.name(name)).table().sectors();
                assertTrue(sectors >= 8 && sectors < 8 + threads, "the winner's table: " + sectors);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDeviceHeldOpenDuringTheRollbackIsRemovedAtItsLastClose() throws Exception {
        Pool first = pool("first");
        dm.remove(first.ref()); // its metadata now records 1024 data blocks: a smaller pool fails at its resume
        AtomicReference<AutoCloseable> holder = new AtomicReference<>();
        DeviceMapper holding = new ForwardingDeviceMapper(dm) {
            @Override
            public DeviceInfo resume(DeviceRef device, SuspendOptions options) {
                try {
                    holder.set(p.hold(info(device))); // as udev or blkid would, between the load and the resume
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                return super.resume(device, options);
            }
        };
        DeviceName name = p.name("rolled-back");
        InvalidArgumentException e = refused(InvalidArgumentException.class, "EINVAL", () -> holding.createWithTable(name,
                Table.of(first.sectors() / 2, "thin-pool", first.meta() + " " + first.data() + " 128 10")));
        assertEquals(1, e.getSuppressed().length, List.of(e.getSuppressed()).toString());
        assertTrue(e.getSuppressed()[0].getMessage().contains("deferred removal"), e.getSuppressed()[0].getMessage());
        DeviceInfo left = dm.info(DeviceRef.name(name));
        assertEquals(flags(LIVE_TABLE, SUSPENDED, DEFERRED_REMOVE), left.flags(), "the preresume refused after the swap");
        assertEquals(1, left.openCount());
        holder.get().close();
        awaitGone(name);
    }
}
