package io.jdm.thin.monitor;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceRef;
import io.jdm.api.LoadOptions;
import io.jdm.api.SuspendOptions;
import io.jdm.api.Table;
import io.jdm.testkit.CrashPoint;
import io.jdm.testkit.ForwardingDeviceMapper;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link PoolMonitorCrashKernelTest}: watches pool {@code args[0]} (already over its
 * threshold) with the LVM policy and a loop-file grower and, at step {@code args[1]}, prints
 * {@link CrashPoint#MARK} and the step and waits there for the SIGKILL. The steps, in the order the monitor takes
 * them: {@code mark-loaded}, {@code mark-resumed} (its first table swap sets the low-water mark),
 * {@code grown} (the image file and the loop device are larger, the pool not yet), {@code loaded},
 * {@code resumed} (the extend's swap).
 */
public final class PoolMonitorCrashChild {
    private PoolMonitorCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        String step = args[1];
        AtomicInteger loads = new AtomicInteger();
        AtomicInteger resumes = new AtomicInteger();
        DeviceMapper dm = new ForwardingDeviceMapper(DeviceMapper.open()) {
            @Override
            public DeviceInfo load(DeviceRef device, Table table, LoadOptions options) {
                DeviceInfo info = super.load(device, table, options);
                reached(loads.incrementAndGet() == 1 ? "mark-loaded" : "loaded", step);
                return info;
            }

            @Override
            public DeviceInfo resume(DeviceRef device, SuspendOptions options) {
                DeviceInfo info = super.resume(device, options);
                reached(resumes.incrementAndGet() == 1 ? "mark-resumed" : "resumed", step);
                return info;
            }
        };
        LoopFileGrower files = LoopFileGrower.create();
        PoolGrower grower = request -> {
            PoolGrower.Growth growth = files.grow(request);
            reached("grown", step);
            return growth;
        };
        try (PoolMonitor monitor = PoolMonitor.start(dm, MonitorOptions.defaults().withPeriod(java.time.Duration.ofMillis(200)),
                event -> System.out.println("event " + event))) {
            monitor.watch(PoolWatch.of(DeviceRef.name(args[0]), AutoextendPolicy.lvmDefaults()).withDataGrower(grower));
            Thread.sleep(120_000);
        }
        System.out.println("the monitor ran two minutes without reaching " + step);
        System.exit(3);
    }

    private static void reached(String at, String step) {
        if (!at.equals(step)) {
            return;
        }
        CrashPoint.reachedAndWait(step);
    }
}
