package io.jdm.bench.monitor;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.NodePolicy;
import io.jdm.thin.monitor.MonitorOptions;
import io.jdm.thin.monitor.PoolMonitor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * How fast a full-to-80% LVM thin pool is grown by jdm's {@link PoolMonitor} and by dmeventd, and what
 * the monitor costs while idle. See {@link ReactionRun} and {@link IdleCost} for what is measured.
 *
 * <pre>java -cp benchmarks.jar io.jdm.bench.monitor.AutoextendBench --out DIR [--reps 10] [--warmup 1]
 *     [--idle-pools 100] [--idle-seconds 60] [--idle-windows 5] [--only reaction|idle] [--work DIR]</pre>
 *
 * Needs root, device-mapper, loop devices, lvm2 and dmeventd, and no other dmeventd running (LVM finds
 * dmeventd through system-wide FIFOs): dm-bench/run-autoextend-bench.sh runs it in jdm's VM.
 */
public final class AutoextendBench {
    private AutoextendBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "jdm-autoextend");
        int reps = 10;
        int warmup = 1;
        int idlePools = 100;
        Duration idleWindow = Duration.ofSeconds(60);
        int idleWindows = 5;
        String only = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--idle-pools" -> idlePools = Integer.parseInt(args[++i]);
                case "--idle-seconds" -> idleWindow = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--idle-windows" -> idleWindows = Integer.parseInt(args[++i]);
                case "--only" -> only = args[++i];
                default -> throw new IllegalArgumentException("usage: AutoextendBench --out DIR [--reps N] [--warmup N]"
                        + " [--idle-pools N] [--idle-seconds S] [--idle-windows N] [--only reaction|idle] [--work DIR]");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        if (!only.isEmpty() && !only.equals("reaction") && !only.equals("idle")) {
            throw new IllegalArgumentException("--only is reaction or idle, not " + only);
        }
        Files.createDirectories(out);
        Files.createDirectories(work);
        Path scratch = Files.createTempDirectory(work, "run");
        String tag = scratch.getFileName().toString().replaceAll("[^A-Za-z0-9]", "").toLowerCase();
        String prefix = "jdmb-" + tag.substring(Math.max(0, tag.length() - 6)) + "-";
        try (DeviceMapper dm = DeviceMapper.open(DeviceMapperOptions.defaults().withNodePolicy(NodePolicy.NEVER))) {
            Map<String, String> env = environment(dm, reps, warmup);
            List<ReactionRun.Sample> samples = new ArrayList<>();
            List<ReactionRun.Sample> warmups = new ArrayList<>();
            if (!only.equals("idle")) {
                reactions(dm, scratch.resolve("lvm"), prefix + "vg", reps, warmup, env, samples, warmups);
            }
            Optional<IdleCost.Figures> idle = only.equals("reaction") ? Optional.empty()
                    : Optional.of(IdleCost.measure(dm, scratch.resolve("idle"), prefix, idlePools, idleWindow, idleWindows));
            AutoextendReport report = new AutoextendReport(env, samples, warmups, idle);
            Files.writeString(out.resolve(AutoextendReport.MARKDOWN), report.markdown());
            Files.writeString(out.resolve(AutoextendReport.CSV), report.csv());
            System.out.print(report.markdown());
        } finally {
            try (var walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Warm-ups then the measured repetitions, the peers' order rotating from one repetition to the next. */
    private static void reactions(DeviceMapper dm, Path dir, String vg, int reps, int warmup, Map<String, String> env,
                                  List<ReactionRun.Sample> samples, List<ReactionRun.Sample> warmups) throws Exception {
        BlockingQueue<ReactionRun.Timed> events = new LinkedBlockingQueue<>();
        // room for one pool at a time: 8 + 2 data extents, 1 metadata, 1 spare metadata
        try (LvmVolumeGroup lvm = LvmVolumeGroup.create(dm, vg, dir, 128L << 20);
             Dmeventd dmeventd = Dmeventd.start(lvm.systemDir(Peer.DMEVENTD), dir.resolve("dmeventd.log"));
             PoolMonitor monitor = PoolMonitor.start(dm, MonitorOptions.defaults(),
                     e -> events.add(new ReactionRun.Timed(System.nanoTime(), e)))) {
            env.put("lvm", lvm.run(Peer.JDM, "lvm", "version").lines().limit(2).map(String::strip)
                    .reduce((a, b) -> a + "; " + b).orElse("?"));
            env.put("dmeventd", "pid " + dmeventd.pid() + ", `dmeventd -f` with LVM_SYSTEM_DIR");
            ReactionRun run = new ReactionRun(dm, lvm, monitor, events, vg + "-", dir.resolve("loops"));
            List<Peer> peers = List.of(Peer.values());
            for (int rep = 0; rep < warmup + reps; rep++) {
                for (int k = 0; k < peers.size(); k++) {
                    Peer peer = peers.get((k + rep) % peers.size()); // each peer first in turn
                    ReactionRun.Sample s = run.measure(peer, rep);
                    System.err.printf("%s %s %d: %.1f ms (write %.1f ms, detected %s ms, grow %s ms) %d -> %d bytes%n",
                            rep < warmup ? "warm-up" : "rep", peer.label(), rep, s.reactionMillis(), s.writeMillis(),
                            s.detectMillis(), s.growMillis(), s.fromBytes(), s.toBytes());
                    (rep < warmup ? warmups : samples).add(s);
                }
            }
        }
    }

    private static Map<String, String> environment(DeviceMapper dm, int reps, int warmup) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", Instant.now().toString());
        env.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")) + ", device-mapper interface " + dm.kernelVersion());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        env.put("repetitions", reps + " per peer, after " + warmup + " warm-up each, the peers' order rotating");
        return env;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
