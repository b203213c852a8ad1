package io.jdm.bench.kernel;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceName;
import io.jdm.api.DeviceRef;
import io.jdm.api.ListedDevice;
import io.jdm.api.StatusReport;
import io.jdm.api.Table;
import io.jdm.api.TargetStatus;
import io.jdm.thin.VolumeId;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * jdm in this JVM: the same operations as the C peers through the public {@link DeviceMapper} API, the
 * way a user writes them (createWithTable for create+load+resume, message for the pool), with
 * several workers as threads sharing one instance.
 */
public final class JdmPeer implements Peer {
    private final DeviceMapper dm;
    private final String tag;
    private final Duration minWarmup;
    /** Repetitions done so far, for device names no repetition shares. */
    private int repCounter;
    /** Workloads already warmed up for {@link #minWarmup}; later calls warm up by count only. */
    private final Set<Workload> warm = new HashSet<>();

    /**
     * @param tag       names this peer's devices apart from the others'
     * @param minWarmup keep warming up each workload at least this long (JIT compilation)
     */
    public JdmPeer(DeviceMapper dm, String tag, Duration minWarmup) {
        this.dm = dm;
        this.tag = tag;
        this.minWarmup = minWarmup;
    }

    @Override
    public String name() {
        return KernelBench.JDM;
    }

    /** One operation: the {@code i}th of a worker; ids and names are worked out only by the ops that use them. */
    @FunctionalInterface
    private interface Op {
        void run(RepPlan plan, int worker, int i);
    }

    /** What one repetition may use: the ids from {@code idBase}, names under {@code names}. */
    private record RepPlan(long idBase, int stride, int iters, String names) {
        long id(int worker, int i) {
            return idBase + ((long) worker * iters + i) * stride;
        }

        String name(int worker, int i) {
            return names + worker + "-" + i;
        }
    }

    @Override
    public List<Double> measure(Workload w, int warmup, int reps, Fixture f) throws Exception {
        int iters = w.iterations();
        int threads = w.threads();
        int stride = w.operation() == Operation.SNAPSHOT_CHAIN ? f.chainDepth() + 1 : 1;
        Op op = operation(w, f);
        List<Double> out = new ArrayList<>();
        long warmupEnd = System.nanoTime() + (warm.add(w) ? minWarmup.toNanos() : 0);
        try (ExecutorService executor = threads > 1 ? Executors.newFixedThreadPool(threads) : null) {
            int done = 0;
            while (out.size() < reps) {
                RepPlan plan = new RepPlan(f.reserveThinIds((long) threads * iters * stride), stride, iters,
                        f.prefix() + tag + "-" + (repCounter++) + "-");
                long nanos = threads == 1 ? runAlone(op, plan) : runTogether(executor, op, plan, threads);
                if (w.operation() == Operation.CREATE_SNAP) {
                    // untimed, as in the C peers: the snapshots go again so the pool does not fill
                    DeviceRef pool = DeviceRef.name(f.pool());
                    for (int k = 0; k < threads; k++) {
                        for (int i = 0; i < iters; i++) {
                            dm.message(pool, 0, "delete " + plan.id(k, i));
                        }
                    }
                }
                done++;
                boolean warmingUp = done <= warmup || System.nanoTime() < warmupEnd;
                if (!warmingUp) {
                    out.add((double) nanos / ((long) iters * threads));
                }
            }
        }
        return out;
    }

    /**
     * Warms up every single-worker workload of the plan that is cheap to repeat before any figure of
     * any peer is taken, so that this JVM's compiler threads are quiet while the C peers are measured.
     */
    public void warmUp(Plan plan, Fixture f) throws Exception {
        for (Workload w : plan.workloads()) {
            if (w.threads() == 1 && w.maxReps() == 0 && w.operation() != Operation.LIST_DEVICES) {
                measure(w, plan.warmup(), 1, f);
            }
        }
        // let the compile queue drain before the first measurement
        Thread.sleep(2000);
    }

    private Op operation(Workload w, Fixture f) {
        DeviceRef pool = DeviceRef.name(f.pool());
        return switch (w.operation()) {
            case VERSION -> (p, k, i) -> dm.version();
            case DEV_STATUS -> {
                DeviceRef ref = DeviceRef.name(f.infoDevice());
                yield (p, k, i) -> dm.info(ref);
            }
            case POOL_STATUS -> (p, k, i) -> touch(dm.status(pool));
            case LIST_DEVICES -> (p, k, i) -> touch(dm.list());
            case LIFECYCLE -> {
                Table zero = Table.of(Fixture.DEVICE_SECTORS, "zero", "");
                yield (p, k, i) -> {
                    DeviceName n = DeviceName.of(p.name(k, i));
                    dm.createWithTable(n, zero);
                    dm.remove(DeviceRef.name(n));
                };
            }
            case THIN_LIFECYCLE -> (p, k, i) -> {
                long id = p.id(k, i);
                DeviceName n = DeviceName.of(p.name(k, i));
                dm.message(pool, 0, "create_thin " + id);
                dm.createWithTable(n, thin(f, id));
                dm.remove(DeviceRef.name(n));
                dm.message(pool, 0, "delete " + id);
            };
            case CREATE_SNAP -> (p, k, i) -> dm.message(pool, 0, "create_snap " + p.id(k, i) + " " + f.originId());
            case CONTAINER_DM -> (p, k, i) -> {
                long id = p.id(k, i);
                DeviceName n = DeviceName.of(p.name(k, i));
                dm.message(pool, 0, "create_snap " + id + " " + f.originId());
                dm.createWithTable(n, thin(f, id));
                dm.remove(DeviceRef.name(n));
                dm.message(pool, 0, "delete " + id);
            };
            case CONTAINER -> {
                // a user's container start through the volume set: its journal and transaction ids included
                Fixture.Volumes v = f.volumes();
                Path[] targets = new Path[w.threads()];
                for (int k = 0; k < targets.length; k++) {
                    targets[k] = f.mountPoint(tag + k);
                }
                yield (p, k, i) -> {
                    VolumeId id = VolumeId.of(p.name(k, i));
                    v.set().snapshot(id, v.base());
                    v.set().mount(id, targets[k], "");
                    v.set().unmount(id);
                    v.set().remove(id);
                };
            }
            case SNAPSHOT_CHAIN -> (p, k, i) -> {
                long base = p.id(k, i);
                String name = p.name(k, i);
                for (int l = 0; l < f.chainDepth(); l++) {
                    dm.message(pool, 0, "create_snap " + (base + l) + " " + (l == 0 ? f.originId() : base + l - 1));
                    DeviceName n = DeviceName.of(name + "-l" + l);
                    dm.createWithTable(n, thin(f, base + l));
                    dm.remove(DeviceRef.name(n));
                }
                for (int l = f.chainDepth() - 1; l >= 0; l--) {
                    dm.message(pool, 0, "delete " + (base + l));
                }
            };
        };
    }

    private static Table thin(Fixture f, long id) {
        return Table.of(Fixture.DEVICE_SECTORS, "thin", f.poolDevice() + " " + id);
    }

    /** Reads what a caller would read, so that a lazy result could not skip work. */
    private static void touch(StatusReport report) {
        int total = 0;
        for (TargetStatus t : report.targets()) {
            total += t.text().length();
        }
        if (total == 0) {
            throw new IllegalStateException("empty status: " + report);
        }
    }

    private static void touch(List<ListedDevice> devices) {
        if (devices.isEmpty()) {
            throw new IllegalStateException("no devices listed");
        }
    }

    private static long runAlone(Op op, RepPlan plan) {
        long t0 = System.nanoTime();
        for (int i = 0; i < plan.iters(); i++) {
            op.run(plan, 0, i);
        }
        return System.nanoTime() - t0;
    }

    /** All workers start at a barrier; the time runs from the barrier until the last one is done. */
    private static long runTogether(ExecutorService executor, Op op, RepPlan plan, int threads) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads + 1);
        List<Future<?>> done = new ArrayList<>();
        for (int k = 0; k < threads; k++) {
            int worker = k;
            done.add(executor.submit(() -> {
                start.await();
                for (int i = 0; i < plan.iters(); i++) {
                    op.run(plan, worker, i);
                }
                return null;
            }));
        }
        start.await();
        long t0 = System.nanoTime();
        for (Future<?> d : done) {
            d.get();
        }
        return System.nanoTime() - t0;
    }
}
