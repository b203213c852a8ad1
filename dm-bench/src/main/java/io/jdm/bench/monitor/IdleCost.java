package io.jdm.bench.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.RemoveOptions;
import io.jdm.api.Table;
import io.jdm.ioctl.loop.LoopControl;
import io.jdm.ioctl.loop.LoopDevice;
import io.jdm.thin.monitor.AutoextendPolicy;
import io.jdm.thin.monitor.MonitorOptions;
import io.jdm.thin.monitor.PoolMonitor;
import io.jdm.thin.monitor.PoolWatch;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a {@link PoolMonitor} costs while nothing happens: {@code pools} small thin pools (2 MiB of
 * metadata, 16 MiB of data, each a dm-linear slice of one of two loop devices), watched under LVM's
 * 80/20 with MonitorOptions.defaults() (a round every 10 s, and the kernel's events). Windows of the
 * same length, in this order: the JVM with the pools but no monitor (the baseline), a monitor watching
 * nothing, then several one after the other with the monitor watching every pool (the JIT compiles
 * the round's code only after some hundreds of status calls, so the first of them costs more than
 * the later ones). CPU time is the monitor thread's ({@link ThreadMXBean}) and the whole process's
 * ({@code getProcessCpuTime}: JIT and GC included).
 */
final class IdleCost {
    private static final long METADATA_SECTORS = 2L * 1024 * 1024 / 512;
    private static final long DATA_SECTORS = 16L * 1024 * 1024 / 512;
    private static final String MONITOR_THREAD = "jdm-pool-monitor";

    /** CPU nanoseconds over one window, and the monitor's rounds in it. */
    record Window(long processCpuNanos, long monitorThreadCpuNanos, long rounds) {
    }

    /** The windows, each {@code window} long, for {@code pools} pools; {@code watching} in the order measured. */
    record Figures(int pools, Duration window, Window baseline, Window empty, List<Window> watching) {
        /** The last window watching the pools: the closest to a steady state. */
        Window last() {
            return watching.getLast();
        }

        /** {@code nanos} of CPU over the window, as seconds of CPU per hour. */
        double perHour(long nanos) {
            return nanos / 1e9 * (3600.0 / (window.toNanos() / 1e9));
        }
    }

    private IdleCost() {
    }

    static Figures measure(DeviceMapper dm, Path dir, String prefix, int pools, Duration window, int windows)
            throws Exception {
        Files.createDirectories(dir);
        List<LoopDevice> loops = new ArrayList<>();
        try {
            LoopDevice meta = attach(loops, dir.resolve("idle-meta.img"), pools * METADATA_SECTORS * 512);
            LoopDevice data = attach(loops, dir.resolve("idle-data.img"), pools * DATA_SECTORS * 512);
            List<DeviceRef> refs = new ArrayList<>();
            for (int i = 0; i < pools; i++) {
                DeviceName m = DeviceName.of(prefix + "m" + i);
                DeviceName d = DeviceName.of(prefix + "d" + i);
                var mi = dm.createWithTable(m, Table.of(METADATA_SECTORS, "linear", meta.number() + " " + i * METADATA_SECTORS));
                var di = dm.createWithTable(d, Table.of(DATA_SECTORS, "linear", data.number() + " " + i * DATA_SECTORS));
                // fresh sparse files: the metadata slice starts zeroed, so the pool formats it
                var pi = dm.createWithTable(DeviceName.of(prefix + "pool" + i), Table.of(DATA_SECTORS, "thin-pool",
                        mi.number() + " " + di.number() + " 128 0 1 skip_block_zeroing"));
                refs.add(pi.ref());
            }
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Window baseline = window(threads, null, window);
            try (PoolMonitor monitor = PoolMonitor.start(dm, MonitorOptions.defaults(), e -> { })) {
                settle(monitor, Duration.ofSeconds(5));
                Window empty = window(threads, monitor, window);
                for (DeviceRef ref : refs) {
                    monitor.watch(PoolWatch.of(ref, AutoextendPolicy.lvmDefaults()));
                }
                // the first rounds set every pool's low-water mark (a table swap each): not idle
                settle(monitor, Duration.ofSeconds(15));
                List<Window> watching = new ArrayList<>();
                for (int i = 0; i < windows; i++) {
                    watching.add(window(threads, monitor, window));
                    System.err.printf("idle, %d pools, window %d: monitor thread %.0f ms, process %.0f ms, %d rounds%n", pools,
                            i + 1, watching.getLast().monitorThreadCpuNanos() / 1e6, watching.getLast().processCpuNanos() / 1e6,
                            watching.getLast().rounds());
                }
                return new Figures(pools, window, baseline, empty, watching);
            }
        } finally {
            List<ListedDevice> mine = dm.list().stream().filter(d -> d.name().value().startsWith(prefix))
                    .sorted(Comparator.comparing((ListedDevice d) -> !d.name().value().contains("pool"))).toList();
            for (ListedDevice d : mine) { // pools first: they hold the slices
                dm.remove(DeviceRef.name(d.name()), RemoveOptions.defaults().withBusyRetries(20, Duration.ofMillis(100)));
            }
            for (LoopDevice l : loops) {
                l.close(); // auto-clear: detached once the slices are gone
            }
            Files.deleteIfExists(dir.resolve("idle-meta.img"));
            Files.deleteIfExists(dir.resolve("idle-data.img"));
        }
    }

    private static LoopDevice attach(List<LoopDevice> loops, Path file, long bytes) {
        LoopDevice loop = LoopControl.attach(LoopControl.createSparseFile(file, bytes));
        loops.add(loop);
        return loop;
    }

    /** Waits {@code quiet} after the monitor's first two rounds. */
    private static void settle(PoolMonitor monitor, Duration quiet) throws InterruptedException {
        long start = monitor.rounds();
        while (monitor.rounds() < start + 2) {
            monitor.checkSoon();
            Thread.sleep(50);
        }
        Thread.sleep(quiet.toMillis());
    }

    private static Window window(ThreadMXBean threads, PoolMonitor monitor, Duration window) throws InterruptedException {
        Thread thread = monitor == null ? null : Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(MONITOR_THREAD)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + MONITOR_THREAD + " thread"));
        long rounds = monitor == null ? 0 : monitor.rounds();
        long threadCpu = thread == null ? 0 : threads.getThreadCpuTime(thread.threadId());
        long processCpu = processCpuNanos();
        Thread.sleep(window.toMillis());
        long processAfter = processCpuNanos();
        long threadAfter = thread == null ? 0 : threads.getThreadCpuTime(thread.threadId());
        return new Window(processAfter - processCpu, threadAfter - threadCpu, monitor == null ? 0 : monitor.rounds() - rounds);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
