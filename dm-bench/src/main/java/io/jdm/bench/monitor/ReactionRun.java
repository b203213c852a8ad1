package io.jdm.bench.monitor;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.EventWatcher;
import io.jdm.api.RemoveOptions;
import io.jdm.api.Table;
import io.jdm.ioctl.block.DirectIo;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.targets.Targets;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.targets.message.ThinPool;
import io.jdm.targets.status.ThinPoolStatus;
import io.jdm.thin.monitor.AutoextendPolicy;
import io.jdm.thin.monitor.LoopFileGrower;
import io.jdm.thin.monitor.LvmGrower;
import io.jdm.thin.monitor.PoolEvent;
import io.jdm.thin.monitor.PoolGrower;
import io.jdm.thin.monitor.PoolMonitor;
import io.jdm.thin.monitor.PoolWatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One repetition of the reaction-time measurement, the same for both peers: a fresh LVM thin pool
 * (32 MiB of 64 KiB blocks, LVM's low-water mark at 80%: 102 blocks) with a thin volume on it, filled
 * to one block short of the mark's reach, then the crossing write: 4 blocks (256 KiB, O_DIRECT, fsync)
 * whose second allocation raises the kernel's event. The reaction is the time from the start of that
 * write to the pool's larger table being live: the benchmark looks at the table at every device-mapper
 * event (the resume that makes the new table live raises one) and every {@link #POLL} besides, without
 * spinning on the emulated CPU that the peers need. The pool is removed after.
 */
final class ReactionRun {
    static final long BLOCK_BYTES = 64 * 1024;
    static final int CROSSING_BLOCKS = 4;
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /**
     * One repetition's figures. For jdm also: {@code detectMillis}, from the start of the write to the
     * monitor's ThresholdReached (the kernel's event, the monitor's wake and status call), and
     * {@code growMillis}, its {@code Extended.took} (lvextend and reading the table back).
     */
    record Sample(Peer peer, int rep, double reactionMillis, double writeMillis, long fromBytes, long toBytes,
                  OptionalDouble detectMillis, OptionalDouble growMillis) {
    }

    /** An event as the listener got it, with when (System.nanoTime). */
    record Timed(long nanos, PoolEvent event) {
    }

    private final DeviceMapper dm;
    private final LvmVolumeGroup lvm;
    private final PoolMonitor monitor;
    private final BlockingQueue<Timed> events;
    private final String prefix;
    private final Path loopDir;

    /**
     * @param prefix  the start of the names of the devices jdm makes for {@link Peer#JDM_LOOP}
     * @param loopDir where their image files go
     */
    ReactionRun(DeviceMapper dm, LvmVolumeGroup lvm, PoolMonitor monitor, BlockingQueue<Timed> events, String prefix,
                Path loopDir) {
        this.dm = dm;
        this.lvm = lvm;
        this.monitor = monitor;
        this.events = events;
        this.prefix = prefix;
        this.loopDir = loopDir;
    }

    Sample measure(Peer peer, int rep) throws Exception {
        try (PoolUnderTest p = peer.lvm() ? lvmPool(peer, rep) : loopPool(rep)) {
            DeviceRef pool = p.pool();
            if (peer != Peer.DMEVENTD) {
                events.clear();
                long rounds = monitor.rounds();
                PoolGrower grower = peer == Peer.JDM
                        ? LvmGrower.forDevice(p.name()).withConfig(lvm.config(Peer.JDM)) : LoopFileGrower.create();
                monitor.watch(PoolWatch.of(pool, AutoextendPolicy.lvmDefaults()).withDataGrower(grower));
                awaitRounds(rounds + 2); // a round that began before the watch may not have seen the pool
            }
            long before = dm.table(pool).table().sectors();
            long lowWater = ((ThinPoolTarget) Targets.parse(dm.table(pool).table().lines().getFirst())).lowWaterMark();
            long total = before * 512 / BLOCK_BYTES;
            long fill = total - lowWater - 1; // one more allocation leaves `lowWater` free; the next raises the event
            write(p.thin(), 0, fill);
            long used = used(pool);
            if (used != fill) {
                throw new IllegalStateException("the pool has " + used + " blocks in use after filling " + fill);
            }
            long start;
            long written;
            long after;
            long live;
            try (EventWatcher watcher = dm.watchEvents()) {
                watcher.arm();
                start = System.nanoTime();
                write(p.thin(), fill, CROSSING_BLOCKS);
                written = System.nanoTime();
                long deadline = start + PATIENCE.toNanos();
                while (true) {
                    watcher.arm(); // before the look: an event after it is never missed
                    after = dm.table(pool).table().sectors();
                    if (after > before) {
                        live = System.nanoTime();
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(peer.label() + " did not grow " + p.name() + " within " + PATIENCE);
                    }
                    failFastOnExtendFailed();
                    watcher.await(POLL);
                }
            }
            OptionalDouble detect = OptionalDouble.empty();
            OptionalDouble grow = OptionalDouble.empty();
            if (peer != Peer.DMEVENTD) {
                Timed reached = await(PoolEvent.ThresholdReached.class);
                Timed extended = await(PoolEvent.Extended.class);
                detect = OptionalDouble.of((reached.nanos() - start) / 1e6);
                grow = OptionalDouble.of(((PoolEvent.Extended) extended.event()).took().toNanos() / 1e6);
            }
            return new Sample(peer, rep, (live - start) / 1e6, (written - start) / 1e6, before * 512, after * 512,
                    detect, grow);
        }
    }

    /** The pool a repetition fills: its device, a thin volume's node, and how it goes away. */
    private interface PoolUnderTest extends AutoCloseable {
        DeviceName name();

        default DeviceRef pool() {
            return DeviceRef.name(name());
        }

        Path thin();

        @Override
        void close() throws IOException;
    }

    /** An LVM thin pool and thin volume, made under {@code peer}'s lvm.conf (dmeventd monitors it or not). */
    private PoolUnderTest lvmPool(Peer peer, int rep) throws IOException {
        String pool = "pool" + rep + peer.name().charAt(0);
        String thin = "thin" + rep + peer.name().charAt(0);
        DeviceName tpool = lvm.deviceName(pool, "tpool");
        PoolUnderTest made = new PoolUnderTest() {
            public DeviceName name() {
                return tpool;
            }

            public Path thin() {
                return lvm.path(thin);
            }

            public void close() {
                monitor.unwatch(pool());
                // waits for LVM's lock, so also for a dmeventd lvextend still committing
                lvm.run(Peer.JDM, "lvremove", "-f", "-y", lvm.vg() + "/" + thin, lvm.vg() + "/" + pool);
            }
        };
        lvm.run(peer, "lvcreate", "--type", "thin-pool", "-L", "32m", "--chunksize", "64k", "--poolmetadatasize", "4m",
                "--zero", "n", "-n", pool, lvm.vg());
        try {
            lvm.run(peer, "lvcreate", "--type", "thin", "-V", "64m", "--thinpool", pool, "-n", thin, lvm.vg());
            if (peer == Peer.DMEVENTD) {
                ensureMonitored(pool);
            }
            return made;
        } catch (RuntimeException e) {
            try {
                made.close();
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * The same pool without LVM, made by jdm: 4 MiB of metadata and 32 MiB of data on loop devices over
     * sparse files, LVM's table (64 KiB blocks, skip_block_zeroing), a 64 MiB thin volume; the monitor
     * sets the low-water mark (102 blocks, as LVM's). The thin volume is written through the node the
     * kernel's devtmpfs makes for it ({@code /dev/dm-N}).
     */
    private PoolUnderTest loopPool(int rep) throws IOException {
        Path dir = Files.createDirectories(loopDir);
        Path metaFile = LoopControl.createSparseFile(dir.resolve("meta" + rep + ".img"), 4L << 20);
        Path dataFile = LoopControl.createSparseFile(dir.resolve("data" + rep + ".img"), 32L << 20);
        List<LoopDevice> loops = new ArrayList<>();
        DeviceName poolName = DeviceName.of(prefix + "lpool" + rep);
        DeviceName thinName = DeviceName.of(prefix + "lthin" + rep);
        Path[] thinNode = new Path[1];
        PoolUnderTest made = new PoolUnderTest() {
            public DeviceName name() {
                return poolName;
            }

            public Path thin() {
                return thinNode[0];
            }

            public void close() throws IOException {
                monitor.unwatch(pool());
                for (DeviceName n : List.of(thinName, poolName)) {
                    if (dm.list().stream().anyMatch(d -> d.name().equals(n))) {
                        dm.remove(DeviceRef.name(n), RemoveOptions.defaults().withBusyRetries(20, Duration.ofMillis(100)));
                    }
                }
                loops.forEach(LoopDevice::close);
                Files.deleteIfExists(metaFile);
                Files.deleteIfExists(dataFile);
            }
        };
        try {
            loops.add(LoopControl.attach(metaFile));
            loops.add(LoopControl.attach(dataFile));
            DeviceInfo pool = dm.createWithTable(poolName, Table.of((32L << 20) / 512, "thin-pool",
                    loops.get(0).number() + " " + loops.get(1).number() + " 128 0 1 skip_block_zeroing"));
            dm.message(pool.ref(), 0, "create_thin 1");
            DeviceInfo thin = dm.createWithTable(thinName, Table.of((64L << 20) / 512, "thin", pool.number() + " 1"));
            thinNode[0] = Path.of("/dev/dm-" + thin.number().minor());
            return made;
        } catch (RuntimeException e) {
            try {
                made.close();
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** lvcreate registers the pool with dmeventd when monitoring is on; lvchange --monitor y if it did not. */
    private void ensureMonitored(String pool) {
        String lv = lvm.vg() + "/" + pool;
        if (!monitored(lv)) {
            lvm.run(Peer.DMEVENTD, "lvchange", "--monitor", "y", lv);
        }
        if (!monitored(lv)) {
            throw new IllegalStateException(lv + " is not monitored by dmeventd");
        }
    }

    private boolean monitored(String lv) {
        return lvm.run(Peer.DMEVENTD, "lvs", "--noheadings", "-o", "seg_monitor", lv).strip().equals("monitored");
    }

    private long used(DeviceRef tpool) {
        if (ThinPool.of(dm, tpool).status() instanceof ThinPoolStatus.Working w) {
            return w.usedDataBlocks();
        }
        throw new IllegalStateException(tpool + " is not working");
    }

    private void awaitRounds(long rounds) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (monitor.rounds() < rounds) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the monitor ran no round within " + PATIENCE);
            }
            Thread.sleep(5);
        }
    }

    /** A failed extend of jdm's ends the repetition at once rather than after the patience. */
    private void failFastOnExtendFailed() {
        for (Timed t : events) {
            if (t.event() instanceof PoolEvent.ExtendFailed f) {
                throw new IllegalStateException("jdm's extend failed: " + f.reason(), f.cause());
            }
        }
    }

    private Timed await(Class<? extends PoolEvent> type) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            Timed t = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (t == null) {
                throw new IllegalStateException("no " + type.getSimpleName() + " event within " + PATIENCE);
            } else if (type.isInstance(t.event())) {
                return t;
            } else if (t.event() instanceof PoolEvent.ExtendFailed f) {
                throw new IllegalStateException("jdm's extend failed: " + f.reason(), f.cause());
            }
        }
    }

    /** Writes {@code blocks} pool blocks from block {@code first}, O_DIRECT, then fsync: each allocates one. */
    private static void write(Path device, long first, long blocks) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocateDirect((int) (16 * BLOCK_BYTES + 4096)).alignedSlice(4096);
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE, DirectIo.DIRECT)) {
            for (long b = first; b < first + blocks; ) {
                int n = (int) Math.min(16, first + blocks - b);
                chunk.clear().limit((int) (n * BLOCK_BYTES));
                while (chunk.hasRemaining()) {
                    ch.write(chunk, b * BLOCK_BYTES + chunk.position());
                }
                b += n;
            }
            ch.force(true);
        }
    }
}
