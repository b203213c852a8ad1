package io.jdm.bench.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The dmsetup command, as a shell script would use it: one dmsetup process per step, udev sync off.
 * Each worker of a repetition is one {@code sh} running its steps in sequence (so the figure holds
 * fork and exec of every dmsetup, as it does for its users, plus one shell start-up spread over the
 * repetition); several workers are several shells at once.
 */
public final class DmsetupPeer implements Peer {
    private final String dmsetup;
    private final Path scripts;
    private final String tag;

    public DmsetupPeer(String dmsetup, Path scriptDirectory, String tag) {
        this.dmsetup = dmsetup;
        this.scripts = scriptDirectory;
        this.tag = tag;
    }

    @Override
    public String name() {
        return "dmsetup";
    }

    @Override
    public boolean processPerOperation() {
        return true;
    }

    @Override
    public List<Double> measure(Workload w, int warmup, int reps, Fixture f) throws IOException, InterruptedException {
        int iters = w.dmsetupIterations();
        int threads = w.threads();
        int stride = w.operation() == Operation.SNAPSHOT_CHAIN ? f.chainDepth() + 1 : 1;
        long idBase = f.reserveThinIds((long) (warmup + reps) * threads * iters * stride);
        List<Double> out = new ArrayList<>();
        for (int r = 0; r < warmup + reps; r++) {
            List<Path> workers = new ArrayList<>();
            List<String> cleanup = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                List<String> steps = new ArrayList<>();
                for (int i = 0; i < iters; i++) {
                    long id = idBase + (((long) r * threads + k) * iters + i) * stride;
                    String name = f.prefix() + tag + "-" + r + "-" + k + "-" + i;
                    steps(w.operation(), f, name, id, steps, cleanup);
                }
                workers.add(script("w" + k, steps));
            }
            long nanos = runTogether(workers, w);
            if (!cleanup.isEmpty()) {
                runTogether(List.of(script("cleanup", cleanup)), w);
            }
            if (r >= warmup) {
                out.add((double) nanos / ((long) iters * threads));
            }
        }
        return out;
    }

    /** The dmsetup steps of one operation; {@code cleanup} gets untimed steps for after the repetition. */
    private void steps(Operation op, Fixture f, String name, long id, List<String> steps, List<String> cleanup) {
        String pool = f.pool().value();
        switch (op) {
            case VERSION -> steps.add(dm("version"));
            case DEV_STATUS -> steps.add(dm("info " + f.infoDevice().value()));
            case POOL_STATUS -> steps.add(dm("status " + pool));
            case LIST_DEVICES -> steps.add(dm("ls"));
            case LIFECYCLE -> {
                steps.add(dm("create " + name + " --table '0 " + Fixture.DEVICE_SECTORS + " zero'"));
                steps.add(dm("remove " + name));
            }
            case THIN_LIFECYCLE -> {
                steps.add(message(pool, "create_thin " + id));
                steps.add(createThin(f, name, id));
                steps.add(dm("remove " + name));
                steps.add(message(pool, "delete " + id));
            }
            case CREATE_SNAP -> {
                steps.add(message(pool, "create_snap " + id + " " + f.originId()));
                cleanup.add(message(pool, "delete " + id));
            }
            case CONTAINER_DM -> {
                steps.add(message(pool, "create_snap " + id + " " + f.originId()));
                steps.add(createThin(f, name, id));
                steps.add(dm("remove " + name));
                steps.add(message(pool, "delete " + id));
            }
            case CONTAINER -> {
                // containerd's devmapper snapshotter: dmsetup for each dm step (the base is inactive, so
                // no suspend/resume around create_snap), mount and umount; no transaction-id bookkeeping
                Fixture.Volumes v = f.volumes();
                String vpool = v.pool().value();
                Path target = f.mountPoint(tag);
                steps.add(message(vpool, "create_snap " + id + " " + v.baseThinId()));
                steps.add(dm("create " + name + " --table '0 " + v.baseSectors() + " thin " + v.poolDevice() + " " + id + "'"));
                steps.add("mount -t ext4 /dev/mapper/" + name + " " + target);
                steps.add("umount " + target);
                steps.add(dm("remove " + name));
                steps.add(message(vpool, "delete " + id));
            }
            case SNAPSHOT_CHAIN -> {
                for (int l = 0; l < f.chainDepth(); l++) {
                    steps.add(message(pool, "create_snap " + (id + l) + " " + (l == 0 ? f.originId() : id + l - 1)));
                    steps.add(createThin(f, name + "-l" + l, id + l));
                    steps.add(dm("remove " + name + "-l" + l));
                }
                for (int l = f.chainDepth() - 1; l >= 0; l--) {
                    steps.add(message(pool, "delete " + (id + l)));
                }
            }
        }
    }

    private String dm(String args) {
        return dmsetup + " --noudevsync " + args;
    }

    private String message(String pool, String text) {
        return dm("message " + pool + " 0 '" + text + "'");
    }

    private String createThin(Fixture f, String name, long id) {
        return dm("create " + name + " --table '0 " + Fixture.DEVICE_SECTORS + " thin " + f.poolDevice() + " " + id + "'");
    }

    private Path script(String name, List<String> steps) throws IOException {
        Path file = scripts.resolve(name + ".sh");
        // set -e: the first failing step fails the worker; the output of queries is not the point
        Files.writeString(file, "set -e\nexec >/dev/null\n" + String.join("\n", steps) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    private static long runTogether(List<Path> scripts, Workload w) throws IOException, InterruptedException {
        List<Process> running = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Path s : scripts) {
            ProcessBuilder pb = new ProcessBuilder("sh", s.toString()).redirectErrorStream(true);
            Subprocesses.withoutUdev(pb.environment());
            running.add(pb.start());
        }
        List<String> failures = new ArrayList<>();
        for (Process p : running) {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(1, TimeUnit.HOURS)) {
                p.destroyForcibly();
            }
            if (p.exitValue() != 0) {
                failures.add("exit " + p.exitValue() + ": " + output.strip());
            }
        }
        long nanos = System.nanoTime() - t0;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("dmsetup failed on " + w.label() + ": " + String.join("; ", failures));
        }
        return nanos;
    }

    /** dmsetup from the usual places, else from PATH. */
    public static String locate() {
        for (String candidate : List.of("/usr/sbin/dmsetup", "/sbin/dmsetup")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        return "dmsetup";
    }
}
