package io.jdm.bench.kernel;

import io.jdm.api.DeviceMapper;
import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.NodePolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side-by-side kernel benchmark: raw-ioctl C, libdevmapper C, dmsetup and jdm doing the same
 * operations against the same kernel in one run, written up by {@link ReportWriter}.
 *
 * <pre>java -cp benchmarks.jar io.jdm.bench.kernel.KernelBench --out DIR [--plan full|smoke] [--only W,...] [--work DIR]</pre>
 *
 * {@code --only} keeps the plan's workloads of those labels or operations (see {@link Plan#only}).
 *
 * Needs root and device-mapper (dm-bench/run-kernel-bench.sh runs it in jdm's throwaway VM), gcc and
 * libdevmapper-dev, dmsetup. Exits 1 if any peer failed any workload (the report still lists the rest).
 */
public final class KernelBench {
    /** The jdm peer's name in the report. */
    public static final String JDM = "jdm";

    private KernelBench() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "jdm-bench");
        Plan plan = Plan.full();
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--only" -> only = List.of(args[++i].split(","));
                case "--plan" -> plan = switch (args[++i]) {
                    case "full" -> Plan.full();
                    case "smoke" -> Plan.smoke();
                    default -> throw new IllegalArgumentException("--plan is full or smoke, not " + args[i]);
                };
                default -> throw new IllegalArgumentException("usage: KernelBench --out DIR [--plan full|smoke] [--only W,...] [--work DIR]");
            }
        }
        if (!only.isEmpty()) {
            plan = plan.only(only);
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        Report report = run(plan, out, work);
        System.out.print(ReportWriter.markdown(report, JDM));
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    /** Runs the plan and writes the report files into {@code out}; scratch files go under {@code work}. */
    public static Report run(Plan plan, Path out, Path work) throws Exception {
        Files.createDirectories(work);
        Path scratch = Files.createTempDirectory(work, "run");
        CCompiler.Binaries binaries = CCompiler.build(scratch.resolve("c"));
        Path scripts = Files.createDirectories(scratch.resolve("dmsetup"));
        // jdm makes no /dev/mapper nodes here, like the raw C floor it is held against
        DeviceMapperOptions options = DeviceMapperOptions.defaults().withNodePolicy(NodePolicy.NEVER);
        Report report;
        try (DeviceMapper dm = DeviceMapper.open(options);
             Fixture fixture = Fixture.create(dm, scratch.resolve("loops"), plan.chainDepth())) {
            JdmPeer jdm = new JdmPeer(dm, "j", plan.jdmWarmup());
            jdm.warmUp(plan, fixture);
            List<Peer> peers = List.of(
                    new CPeer(Report.BASELINE, binaries.raw(), "c"),
                    new CPeer("libdevmapper", binaries.libdevmapper(), "l"),
                    new DmsetupPeer(DmsetupPeer.locate(), scripts, "d"),
                    jdm);
            report = measureAll(plan, peers, fixture, environment(dm, plan));
        } finally {
            deleteTree(scratch);
        }
        ReportWriter.writeAll(report, JDM, out);
        return report;
    }

    /**
     * Measures every workload in {@code ROUNDS} rounds, each peer once per round and in a rotating
     * order, so that whatever else the machine does meanwhile (this JVM compiling, the emulator's
     * moods) falls on all peers alike rather than on whoever went first.
     */
    private static Report measureAll(Plan plan, List<Peer> peers, Fixture fixture, Map<String, String> environment) {
        Map<Workload, Map<String, Stats>> figures = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Workload w : plan.workloads()) {
            Map<String, List<Double>> samples = new LinkedHashMap<>();
            Map<String, String> failed = new LinkedHashMap<>();
            if (w.operation() == Operation.LIST_DEVICES) {
                fixture.populateList(plan.listDevices());
            }
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    for (int k = 0; k < peers.size(); k++) {
                        Peer p = peers.get((k + round) % peers.size());
                        boolean slow = p.processPerOperation();
                        int reps = share(plan.repsFor(w, slow), round);
                        if (reps == 0 || failed.containsKey(p.name()) || !Report.expects(w, p.name())) {
                            continue;
                        }
                        int warmup = warmup(plan, w, p, round);
                        try {
                            samples.computeIfAbsent(p.name(), n -> new ArrayList<>()).addAll(p.measure(w, warmup, reps, fixture));
                        } catch (Exception e) {
                            failed.put(p.name(), e.getMessage());
                            System.err.println(w.label() + "/" + p.name() + " FAILED: " + e);
                        }
                    }
                }
            } finally {
                if (w.operation() == Operation.LIST_DEVICES) {
                    fixture.clearList();
                }
            }
            Map<String, Stats> byPeer = new LinkedHashMap<>();
            for (Peer p : peers) {
                if (failed.containsKey(p.name())) {
                    failures.add(w.label() + "/" + p.name() + ": " + failed.get(p.name()));
                } else if (samples.containsKey(p.name())) {
                    byPeer.put(p.name(), Stats.of(samples.get(p.name())));
                    System.err.printf("%-14s %-14s %s%n", w.label(), p.name(), ReportWriter.time(byPeer.get(p.name()).median()));
                }
            }
            figures.put(w, byPeer);
        }
        return new Report(environment, plan.workloads(), peers.stream().map(Peer::name).toList(), figures, failures);
    }

    /**
     * Every peer warms up in the first round; later rounds of a C peer (a fresh process) get one more.
     * A workload whose single repetition takes long (the chain) gets one warm-up, and none for
     * dmsetup, which starts cold at every step anyway.
     */
    private static int warmup(Plan plan, Workload w, Peer p, int round) {
        boolean slow = p.processPerOperation();
        if (w.maxReps() > 0) {
            return round == 0 && !slow ? Math.min(1, plan.warmupFor(false)) : 0;
        }
        if (round == 0) {
            return plan.warmupFor(slow);
        }
        return p instanceof CPeer ? Math.min(1, plan.warmupFor(slow)) : 0;
    }

    /** Rounds each workload is measured in. */
    static final int ROUNDS = 3;

    /** Round {@code round}'s part of {@code reps} repetitions spread over {@link #ROUNDS} rounds. */
    static int share(int reps, int round) {
        return reps / ROUNDS + (round < reps % ROUNDS ? 1 : 0);
    }

    private static Map<String, String> environment(DeviceMapper dm, Plan plan) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("date", Instant.now().toString());
        env.put("plan", plan.name() + " (" + plan.warmup() + " warm-up + " + plan.reps() + " repetitions; dmsetup "
                + plan.warmupFor(true) + " + " + plan.dmsetupReps() + "; jdm warms up for at least " + plan.jdmWarmup().toSeconds()
                + " s per workload; chain depth " + plan.chainDepth()
                + "; " + plan.listDevices() + " devices listed)");
        env.put("kernel", readQuietly(Path.of("/proc/sys/kernel/osrelease")) + ", device-mapper interface " + dm.kernelVersion());
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
        return env;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
