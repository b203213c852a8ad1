package io.jdm.cli;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperUnavailableException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code demo [--keep]}: runs {@link ThinDemo} and tears it down, also on failure and on Ctrl-C (a
 * shutdown hook runs the same {@link Teardown}). With {@code --keep} the devices stay and the way to
 * remove them is printed. Exit status 0 only when copy-on-write was proven and the pool grew.
 */
final class DemoCommand extends BaseCommand {
    static final String PREFIX = "jdm-demo-";

    DemoCommand() {
        super("demo", "[--keep]", 0, 0);
    }

    @Override
    public int run(Invocation inv, CliContext ctx) throws Exception {
        DeviceMapper dm;
        try {
            dm = DeviceMapper.open();
        } catch (DeviceMapperUnavailableException e) {
            throw new CommandFailedException("jdm demo needs device-mapper, which this process cannot reach: "
                    + e.getMessage() + "\n(./jdm demo runs it in a throwaway VM when the host has none)");
        }
        return run(dm, ctx.out(), ctx.err(), ctx.host(), PREFIX, inv.has("keep"));
    }

    /** The demo on {@code dm} (closed at the end), its devices named with {@code prefix}. */
    static int run(DeviceMapper dm, PrintStream out, PrintStream err, HostView host, String prefix, boolean keep)
            throws Exception {
        Teardown teardown = new Teardown();
        ThinDemo demo = new ThinDemo(dm, out, host, prefix, teardown);
        AtomicBoolean interrupted = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            interrupted.set(true);
            err.println();
            err.println("jdm demo: interrupted, tearing down");
            finish(teardown, dm, out, err);
        }, "jdm-demo-teardown");
        Runtime.getRuntime().addShutdownHook(hook);
        ThinDemo.Result result = new ThinDemo.Result(false, false);
        boolean kept = false;
        try {
            try {
                result = demo.run();
            } catch (Exception e) {
                if (interrupted.get()) {
                    return 130; // the hook tore down under the demo's feet: its errors say nothing new
                }
                throw e;
            }
            if (keep) {
                kept = true;
                List<String> left = teardown.abandon();
                out.println();
                out.println("--keep: left in place: " + String.join(", ", left.reversed().stream()
                        .map(s -> s.replaceFirst("^(removed|detached|deleted) ", "")).toList()));
                out.println("remove them with:  ./jdm remove " + demo.snap() + " " + demo.thin() + " " + demo.pool()
                        + "   (the loop devices detach by themselves once the pool is gone; then delete the directory)");
                if ("1".equals(System.getenv("JDM_THROWAWAY_VM"))) {
                    out.println("(this demo ran in a throwaway VM: they are gone with it)");
                }
            }
        } finally {
            if (!kept) {
                out.println();
                finish(teardown, dm, out, err);
            } else {
                dm.close();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran; it did the same teardown
            }
        }
        if (interrupted.get()) {
            return 130;
        }
        List<String> failed = new ArrayList<>();
        if (!result.copyOnWrite()) {
            failed.add("copy-on-write was not proven");
        }
        if (!result.grew()) {
            failed.add("the pool did not grow");
        }
        out.println(failed.isEmpty() ? "demo passed: copy-on-write proven, and the pool grew by itself."
                : "demo FAILED: " + String.join(" and ", failed) + ".");
        return result.passed() ? Cli.OK : Cli.FAILED;
    }

    private static void finish(Teardown teardown, DeviceMapper dm, PrintStream out, PrintStream err) {
        List<String> done = new ArrayList<>();
        List<String> failures = teardown.run(done::add);
        if (!done.isEmpty()) {
            out.println("teardown: " + String.join(", ", done));
        }
        for (String f : failures) {
            err.println("jdm demo: teardown could not undo " + f);
        }
        out.flush();
        dm.close();
    }
}
