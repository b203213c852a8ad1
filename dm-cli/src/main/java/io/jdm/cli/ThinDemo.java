package io.jdm.cli;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.RemoveOptions;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.BlockDev;
import io.jdm.targets.TargetTable;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.ThinTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.message.ThinPoolMessage;
import io.jdm.targets.status.ThinStatus;
import io.jdm.thin.monitor.AutoextendPolicy;
import io.jdm.thin.monitor.LoopFileGrower;
import io.jdm.thin.monitor.MonitorOptions;
import io.jdm.thin.monitor.PoolEvent;
import io.jdm.thin.monitor.PoolMonitor;
import io.jdm.thin.monitor.PoolWatch;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The classic thin-provisioning walk-through, printed step by step: a pool on two sparse files, a thin
 * volume with a known pattern, a snapshot of it, an overwrite of the origin, and checksums read back
 * from both devices proving copy-on-write; then dm-thin's {@link PoolMonitor} grows the pool by itself as
 * writes fill it. Everything made is registered with a {@link Teardown} the moment it exists, so a failure
 * (or Ctrl-C, through the caller's shutdown hook) undoes it.
 */
final class ThinDemo {
    static final long MIB = 1024 * 1024;
    static final long METADATA_BYTES = 16 * MIB;
    /** Small, so that filling it past the monitor's threshold is a quick write. */
    static final long DATA_BYTES = 32 * MIB;
    static final long THIN_BYTES = 1024 * MIB;
    static final long BLOCK_SECTORS = 128; // 64 KiB data blocks, the kernel's minimum
    static final int PATTERN_BYTES = (int) (4 * MIB);
    /** Written after the two patterns' 8 MiB: 28 of 32 MiB used, 87.5%, past the monitor's 80%. */
    static final int FILL_BYTES = (int) (20 * MIB);
    private static final Duration GROWTH_PATIENCE = Duration.ofSeconds(30);
    private static final RemoveOptions REMOVE = RemoveOptions.defaults().withBusyRetries(25, Duration.ofMillis(200));
    private static final int STEPS = 10;

    private final DeviceMapper dm;
    private final PrintStream out;
    private final HostView host;
    private final String prefix;
    private final Teardown teardown;
    private int step;

    ThinDemo(DeviceMapper dm, PrintStream out, HostView host, String prefix, Teardown teardown) {
        this.dm = dm;
        this.out = out;
        this.host = host;
        this.prefix = prefix;
        this.teardown = teardown;
    }

    DeviceName pool() {
        return DeviceName.of(prefix + "pool");
    }

    DeviceName thin() {
        return DeviceName.of(prefix + "thin");
    }

    DeviceName snap() {
        return DeviceName.of(prefix + "snap");
    }

    /** What the demo proved. */
    record Result(boolean copyOnWrite, boolean grew) {
        boolean passed() {
            return copyOnWrite && grew;
        }
    }

    Result run() throws IOException, InterruptedException {
        for (ListedDevice d : dm.list()) {
            if (d.name().equals(pool()) || d.name().equals(thin()) || d.name().equals(snap())) {
                throw new CommandFailedException("jdm demo: " + d.name() + " already exists (left by 'jdm demo --keep'?);"
                        + " remove it first: jdm remove " + snap() + " " + thin() + " " + pool());
            }
        }
        out.println("jdm demo: a thin pool, a thin volume and a snapshot on sparse loop devices, and a pool that grows"
                + " by itself; no spare disk needed, everything is removed at the end.");
        out.println();

        Path dir = Files.createTempDirectory("jdm-demo-");
        teardown.push("deleted " + dir, () -> deleteTree(dir));
        Path metaFile = LoopControl.createSparseFile(dir.resolve("metadata.img"), METADATA_BYTES);
        Path dataFile = LoopControl.createSparseFile(dir.resolve("data.img"), DATA_BYTES);
        step("sparse files in " + dir + ": metadata.img " + Sizes.bytes(METADATA_BYTES) + ", data.img "
                + Sizes.bytes(DATA_BYTES) + " (they take no disk space until written)");

        LoopDevice meta = attach(metaFile);
        LoopDevice data = attach(dataFile);
        step("loop devices: " + meta + " <- metadata.img, " + data + " <- data.img");

        long dataSectors = DATA_BYTES / 512;
        Table poolTable = TargetTable.builder()
                .add(dataSectors, ThinPoolTarget.of(BlockDev.of(meta.number()), BlockDev.of(data.number()), BLOCK_SECTORS, 0))
                .build().table();
        DeviceInfo pool = live(pool(), poolTable);
        ThinPool thinPool = ThinPool.of(dm, pool.ref());
        step("thin pool " + pool() + " (" + pool.number() + "): " + oneLine(poolTable) + "\n      data blocks of "
                + Sizes.sectors(BLOCK_SECTORS) + ", " + dataSectors / BLOCK_SECTORS + " of them; fresh metadata is all zeros");

        ThinPoolMessage createThin = new ThinPoolMessage.CreateThin(0);
        thinPool.send(createThin);
        long thinSectors = THIN_BYTES / 512;
        Table thinTable = thinTable(pool, 0, thinSectors);
        DeviceInfo thin = live(thin(), thinTable);
        step("thin volume " + thin() + " (" + thin.number() + "): message '" + createThin.format() + "' to the pool, then "
                + oneLine(thinTable) + "\n      " + Sizes.bytes(THIN_BYTES) + " virtual on a " + Sizes.bytes(DATA_BYTES)
                + " pool: blocks are allocated only when written");

        byte[] a = BlockIo.pattern("A", PATTERN_BYTES);
        Path thinNode = dm.devicePath(thin);
        BlockIo.write(thinNode, a);
        step("wrote " + Sizes.bytes(PATTERN_BYTES) + " of pattern A to " + thinNode + "  sha256 " + BlockIo.sha256(a)
                + "\n      pool: " + poolLine(pool));

        thinPool.createSnap(1, 0, thin.ref()); // suspends the live origin around the message
        DeviceInfo snap = live(snap(), thinTable(pool, 1, thinSectors));
        step("snapshot: suspend " + thin() + ", message '" + new ThinPoolMessage.CreateSnap(1, 0).format()
                + "' to the pool, resume; then activate "
                + snap() + " (" + snap.number() + ") as thin id 1\n      the snapshot shares every block with its origin: "
                + "no data was copied");

        byte[] b = BlockIo.pattern("B", PATTERN_BYTES);
        BlockIo.write(thinNode, b);
        step("overwrote the same " + Sizes.bytes(PATTERN_BYTES) + " of " + thin() + " with pattern B  sha256 "
                + BlockIo.sha256(b) + "\n      pool: " + poolLine(pool) + "  (the overwrite got new blocks)");

        Path snapNode = dm.devicePath(snap);
        String origin = BlockIo.sha256(BlockIo.read(thinNode, PATTERN_BYTES));
        String snapshot = BlockIo.sha256(BlockIo.read(snapNode, PATTERN_BYTES));
        boolean originIsB = origin.equals(BlockIo.sha256(b));
        boolean snapIsA = snapshot.equals(BlockIo.sha256(a));
        step("read both back with O_DIRECT:\n"
                + "      " + thin() + "  sha256 " + origin + "  " + (originIsB ? "= pattern B (the new data)" : "!= pattern B") + "\n"
                + "      " + snap() + "  sha256 " + snapshot + "  " + (snapIsA ? "= pattern A (the snapshot kept the old blocks)" : "!= pattern A"));

        boolean grew = growByItself(pool, thinNode);

        step("what device-mapper shows now:");
        out.println("  $ jdm ls --tree");
        indent(LsCommand.tree(new CliContext(out, out, InputStreamHolder.EMPTY, host, () -> dm), dm.list(), ""));
        out.println("  $ jdm table");
        for (DeviceName n : List.of(pool(), snap(), thin())) {
            for (var line : dm.table(DeviceRef.name(n)).table().lines()) {
                out.println("    " + n + ": " + line.start() + " " + line.length() + " " + line.type() + " " + line.params());
            }
        }
        out.println("  pool status: " + poolLine(pool));
        for (DeviceName n : List.of(thin(), snap())) {
            String text = dm.status(DeviceRef.name(n)).targets().getFirst().text();
            out.println("  " + n + " status: " + thinLine(text));
        }
        out.println();
        boolean held = originIsB && snapIsA;
        out.println(held ? "copy-on-write holds: the origin reads the new data, the snapshot still reads the old."
                : "copy-on-write NOT shown: the checksums above do not match what was written.");
        return new Result(held, grew);
    }

    /**
     * A {@link PoolMonitor} with LVM's defaults (at 80% full, +20%) grows data.img through its loop device
     * while {@link #FILL_BYTES} more are written to the thin volume; its events are printed as {@code jdm thin
     * monitor} prints them. The monitor is closed before the next step: only its growth remains.
     */
    private boolean growByItself(DeviceInfo pool, Path thinNode) throws IOException, InterruptedException {
        BlockingQueue<PoolEvent> events = new LinkedBlockingQueue<>();
        List<String> lines = new ArrayList<>();
        boolean grew = false;
        try (PoolMonitor monitor = PoolMonitor.start(dm, MonitorOptions.defaults(), events::add)) {
            monitor.watch(PoolWatch.of(pool.ref(), AutoextendPolicy.lvmDefaults()).withDataGrower(LoopFileGrower.create()));
            BlockIo.write(thinNode, PATTERN_BYTES, BlockIo.pattern("C", FILL_BYTES));
            long deadline = System.nanoTime() + GROWTH_PATIENCE.toNanos();
            while (!grew) {
                PoolEvent event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (event == null) {
                    lines.add("the pool did not grow within " + GROWTH_PATIENCE.toSeconds() + " s");
                    break;
                }
                lines.add(PoolEventLine.text(event, pool().value()));
                grew = event instanceof PoolEvent.Extended;
            }
        }
        step("the pool grows by itself: a pool monitor (at 80% full +20%, as LVM's autoextend) watches " + pool()
                + ", growing data.img through its loop device;\n      wrote " + Sizes.bytes(FILL_BYTES) + " of pattern C to "
                + thin() + " after the first " + Sizes.bytes(PATTERN_BYTES) + ":\n      " + String.join("\n      ", lines)
                + "\n      pool: " + poolLine(pool));
        return grew;
    }

    private LoopDevice attach(Path file) {
        LoopDevice loop = LoopControl.attach(file);
        teardown.push("detached " + loop.path(), loop::close);
        return loop;
    }

    /** Create, load, resume; registered for removal as soon as the device exists. */
    private DeviceInfo live(DeviceName name, Table table) {
        DeviceInfo info = dm.createWithTable(name, table);
        teardown.push("removed " + name, () -> dm.remove(DeviceRef.name(name), REMOVE));
        return info;
    }

    private void step(String text) {
        step++;
        out.println("[" + step + "/" + STEPS + "] " + text);
    }

    private void indent(String text) {
        text.lines().forEach(l -> out.println("    " + l));
    }

    private static String oneLine(Table table) {
        return table.toString().strip();
    }

    private static Table thinTable(DeviceInfo pool, long id, long sectors) {
        return TargetTable.builder().add(sectors, ThinTarget.of(BlockDev.of(pool.number()), id)).build().table();
    }

    private String poolLine(DeviceInfo pool) {
        return PoolUsage.describe(ThinPool.of(dm, pool.ref()).status(), BLOCK_SECTORS);
    }

    /** A thin volume's mapped size, from its typed status. */
    private static String thinLine(String text) {
        return ThinStatus.parse(text).asOptional()
                .filter(s -> s instanceof ThinStatus.Mapped)
                .map(s -> Sizes.sectors(((ThinStatus.Mapped) s).mappedSectors()) + " mapped (" + text.strip() + ")")
                .orElse(text);
    }

    private static void deleteTree(Path dir) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
