package io.jdm.cli;

import io.jdm.api.DeviceInfo;
import io.jdm.api.DeviceRef;
import io.jdm.api.NoSuchDeviceException;
import io.jdm.targets.ThinPoolTarget;
import io.jdm.thin.monitor.PoolEvent;
import io.jdm.thin.monitor.PoolMonitor;
import io.jdm.thin.monitor.PoolWatch;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code thin monitor <pool>}: dm-thin's {@link PoolMonitor} in the foreground on one pool, printing each
 * {@link PoolEvent} as it comes ({@link PoolEventLine}) on stdout; what it watches and how goes to stderr
 * once, at the start. It runs until SIGINT or SIGTERM (a shutdown hook closes the monitor and lets the
 * last line out), until {@code --exit-after-extend N} extends were made (exit 0), or until the pool is
 * removed (exit 1).
 *
 * <p>The events are printed by the command's thread, not the monitor's: the listener only queues them,
 * so output stays in order and a slow terminal never holds up a check.
 */
final class ThinMonitor {
    /** Put in the queue by the shutdown hook: stop. */
    private static final Object STOP = new Object();
    /** Longer than {@link PoolMonitor#close()} waits for a round (a grower) to end. */
    private static final long HOOK_WAIT_SECONDS = 35;

    private ThinMonitor() {
    }

    /** Runs the monitor; the settings were parsed (and refused if bad) before device-mapper was opened. */
    static int run(CliContext ctx, String poolName, MonitorSettings settings) throws InterruptedException {
        DeviceRef pool = Devices.ref(null, poolName);
        DeviceInfo info;
        ThinPoolTarget target;
        try {
            info = ctx.dm().info(pool);
            target = ThinCommand.poolTarget(ctx, pool, "thin monitor");
        } catch (NoSuchDeviceException e) {
            throw new CommandFailedException("thin monitor: no device named " + poolName);
        }
        PoolGrowers growers = PoolGrowers.choose(info, target, ctx.host()::loopBackingFile);
        PoolWatch watch = growers.applyTo(PoolWatch.of(pool, settings.policy()));
        ctx.err().println("thin monitor: watching " + Shown.name(poolName) + ": " + growers.how() + "; "
                + settings.describePolicy());
        ctx.err().flush();

        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            queue.add(STOP);
            try {
                finished.await(HOOK_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "jdm-thin-monitor-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        PoolMonitor monitor = null;
        try {
            monitor = PoolMonitor.start(ctx.dm(), settings.options(), queue::add);
            monitor.watch(watch);
            return printUntilDone(ctx, poolName, settings, queue);
        } finally {
            if (monitor != null) {
                monitor.close();
            }
            ctx.out().flush();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                ctx.err().println("thin monitor: " + Shown.name(poolName) + ": stopped");
                ctx.err().flush();
            }
            finished.countDown();
        }
    }

    private static int printUntilDone(CliContext ctx, String poolName, MonitorSettings settings, BlockingQueue<Object> queue)
            throws InterruptedException {
        int extended = 0;
        while (true) {
            Object next = queue.take();
            if (next == STOP) {
                return Cli.OK; // a signal: the JVM exits with 128 + its number once the hook returns
            }
            PoolEvent event = (PoolEvent) next;
            ctx.out().println(settings.json() ? Json.write(PoolEventLine.json(event, poolName))
                    : PoolEventLine.text(event, poolName));
            ctx.out().flush();
            if (event instanceof PoolEvent.Extended && ++extended == settings.exitAfterExtend()) {
                return Cli.OK;
            }
            if (event instanceof PoolEvent.Gone) {
                throw new CommandFailedException("thin monitor: " + Shown.name(poolName) + " was removed; nothing left to watch");
            }
        }
    }
}
