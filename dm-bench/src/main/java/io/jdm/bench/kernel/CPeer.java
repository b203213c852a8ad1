package io.jdm.bench.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A C program from src/main/c (raw ioctls or libdevmapper), run once per workload. It times its own
 * repetitions, so neither process start-up nor this JVM is in its figures; see bench_common.h for
 * the command line and the output.
 */
public final class CPeer implements Peer {
    private final String name;
    private final Path binary;
    private final String tag;

    /** {@code tag} names this peer's devices apart from the others'. */
    public CPeer(String name, Path binary, String tag) {
        this.name = name;
        this.binary = binary;
        this.tag = tag;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Double> measure(Workload w, int warmup, int reps, Fixture f) throws IOException, InterruptedException {
        int stride = w.operation() == Operation.SNAPSHOT_CHAIN ? f.chainDepth() + 1 : 1;
        long idBase = f.reserveThinIds((long) (warmup + reps) * w.threads() * w.iterations() * stride);
        List<String> command = new ArrayList<>(List.of(binary.toString(), w.operation().cName(),
                Integer.toString(warmup), Integer.toString(reps), Integer.toString(w.iterations()),
                Integer.toString(w.threads()),
                "prefix=" + f.prefix() + tag + "-",
                "idbase=" + idBase,
                "depth=" + f.chainDepth()));
        if (w.operation() == Operation.CONTAINER) {
            // snapshots of the volume set's ext4 base, in that set's pool (its records never see them)
            Fixture.Volumes v = f.volumes();
            command.addAll(List.of("sectors=" + v.baseSectors(), "origin=" + v.baseThinId(),
                    "pool=" + v.pool().value(), "pooldev=" + v.poolDevice(), "mnt=" + f.mountPoint(tag)));
        } else {
            command.addAll(List.of("sectors=" + Fixture.DEVICE_SECTORS, "origin=" + f.originId(),
                    "pool=" + f.pool().value(), "pooldev=" + f.poolDevice()));
        }
        if (w.operation() == Operation.DEV_STATUS) {
            command.add("name=" + f.infoDevice().value());
        }
        if (w.operation() == Operation.POOL_STATUS) {
            command.add("name=" + f.pool().value());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Subprocesses.withoutUdev(pb.environment());
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(1, TimeUnit.HOURS)) {
            p.destroyForcibly();
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " failed (exit " + p.exitValue() + ") on " + w.label() + ": " + output.strip());
        }
        return parse(output, reps);
    }

    /** The "rep NANOS OPS" lines, as ns/op; anything else in the output is an error. */
    static List<Double> parse(String output, int reps) {
        List<Double> out = new ArrayList<>();
        for (String line : output.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length != 3 || !parts[0].equals("rep")) {
                throw new IllegalStateException("unexpected output line from a C peer: '" + line + "'");
            }
            out.add(Long.parseLong(parts[1]) / (double) Long.parseLong(parts[2]));
        }
        if (out.size() != reps) {
            throw new IllegalStateException("expected " + reps + " repetitions, got " + out.size() + ": " + output);
        }
        return out;
    }
}
