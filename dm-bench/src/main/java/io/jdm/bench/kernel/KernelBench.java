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
 * <pre>java -cp benchmarks.jar io.jdm.bench.kernel.KernelBench --out DIR [--plan full|smoke] [--work DIR]</pre>
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
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                case "--plan" -> plan = switch (args[++i]) {
                    case "full" -> Plan.full();
                    case "smoke" -> Plan.smoke();
                    default -> throw new IllegalArgumentException("--plan is full or smoke, not " + args[i]);
                };
                default -> throw new IllegalArgumentException("usage: KernelBench --out DIR [--plan full|smoke] [--work DIR]");
            }
        }
        if (out == null) {
            throw new IllegalArgumentException("--out DIR is required");
        }
        Report report = run(plan, out, work);
        System.out.print(ReportWriter.markdown(report, JDM));
        System.exit(report.failures().isEmpty() ? 0 : 1);
    }

    /** Runs the plan and writes the report files into {@code out}; scratch files go under {@code work}. */
    public static Report run(Plan plan, Path out, Path work) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path scratch = Files.createTempDirectory(work, "run");
        CCompiler.Binaries binaries = CCompiler.build(scratch.resolve("c"));
        Path scripts = Files.createDirectories(scratch.resolve("dmsetup"));
        // jdm makes no /dev/mapper nodes here, like the raw C floor it is held against
        DeviceMapperOptions options = DeviceMapperOptions.defaults().withNodePolicy(NodePolicy.NEVER);
        Report report;
        try (DeviceMapper dm = DeviceMapper.open(options);
             Fixture fixture = Fixture.create(dm, scratch.resolve("loops"), plan.chainDepth())) {
            List<Peer> peers = List.of(
                    new CPeer(Report.BASELINE, binaries.raw(), "c"),
                    new CPeer("libdevmapper", binaries.libdevmapper(), "l"),
                    new DmsetupPeer(DmsetupPeer.locate(), scripts, "d"),
                    new JdmPeer(dm, "j", plan.jdmWarmup()));
            report = measureAll(plan, peers, fixture, environment(dm, plan));
        } finally {
            deleteTree(scratch);
        }
        ReportWriter.writeAll(report, JDM, out);
        return report;
    }

    private static Report measureAll(Plan plan, List<Peer> peers, Fixture fixture, Map<String, String> environment) {
        Map<Workload, Map<String, Stats>> figures = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Workload w : plan.workloads()) {
            Map<String, Stats> byPeer = new LinkedHashMap<>();
            figures.put(w, byPeer);
            if (w.operation() == Operation.LIST_DEVICES) {
                fixture.populateList(plan.listDevices());
            }
            try {
                for (Peer p : peers) {
                    String peerName = p.name();
                    boolean slow = p.processPerOperation();
                    try {
                        List<Double> samples = p.measure(w, plan.warmupFor(slow), plan.repsFor(w, slow), fixture);
                        byPeer.put(peerName, Stats.of(samples));
                        System.err.printf("%-14s %-14s %s%n", w.label(), peerName, ReportWriter.time(byPeer.get(peerName).median()));
                    } catch (Exception e) {
                        failures.add(w.label() + "/" + peerName + ": " + e.getMessage());
                        System.err.println(w.label() + "/" + peerName + " FAILED: " + e);
                    }
                }
            } finally {
                if (w.operation() == Operation.LIST_DEVICES) {
                    fixture.clearList();
                }
            }
        }
        List<String> names = peers.stream().map(Peer::name).toList();
        return new Report(environment, plan.workloads(), names, figures, failures);
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
