package io.jdm.bench.monitor;

import io.jdm.bench.kernel.Stats;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The autoextend benchmark's figures as text: {@code autoextend.md} for a person (medians, spread,
 * the idle cost per hour) and {@code autoextend.csv} (every repetition).
 *
 * @param environment what ran where (kernel, LVM, Java)
 * @param samples     the measured repetitions of both peers
 * @param warmups     the warm-up repetitions before them, not counted (listed, since a cold JVM shows there)
 * @param idle        the idle-cost windows, if they were measured
 */
record AutoextendReport(Map<String, String> environment, List<ReactionRun.Sample> samples,
                        List<ReactionRun.Sample> warmups, Optional<IdleCost.Figures> idle) {
    static final String MARKDOWN = "autoextend.md";
    static final String CSV = "autoextend.csv";

    List<ReactionRun.Sample> of(Peer peer) {
        return samples.stream().filter(s -> s.peer() == peer).toList();
    }

    /** The reaction times of {@code peer}, in milliseconds; empty without samples. */
    Optional<Stats> reaction(Peer peer) {
        List<Double> ms = of(peer).stream().map(ReactionRun.Sample::reactionMillis).toList();
        return ms.isEmpty() ? Optional.empty() : Optional.of(Stats.of(ms));
    }

    String markdown() {
        StringBuilder sb = new StringBuilder("# Autoextend: jdm's PoolMonitor and dmeventd\n\n");
        environment.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        sb.append("""

                ## Reaction time

                From the start of the write that takes a thin pool past 80% (32 MiB of 64 KiB blocks, filled to 409
                blocks; the write: 4 blocks, O_DIRECT, fsync; its second allocation reaches the low-water mark of
                102 free blocks, LVM's and jdm's alike) to the pool's larger table being live (looked at on every
                device-mapper event and every 100 ms). Peers: jdm's PoolMonitor (MonitorOptions.defaults(): events
                and a 10 s period; AutoextendPolicy.lvmDefaults()) growing an LVM pool with LvmGrower, which runs
                lvextend; dmeventd's thin plugin on the same kind of LVM pool (lvm.conf
                thin_pool_autoextend_threshold = 80, percent = 20; it runs `lvextend --use-policies` inside
                dmeventd, no process started); and, for the monitor's own share, jdm's PoolMonitor on a pool jdm
                made on loop devices, grown by LoopFileGrower (the file, LOOP_SET_CAPACITY, a noflush table swap).
                32 MiB -> 40 MiB with LVM (20% is 38.4 MiB, rounded up to whole 4 MiB extents), 38.375 MiB without.

                | peer | median | quartiles | min | max | repetitions |
                |---|---:|---:|---:|---:|---:|
                """);
        for (Peer p : Peer.values()) {
            reaction(p).ifPresent(s -> sb.append(String.format(Locale.ROOT, "| %s | %s | %s–%s | %s | %s | %d |%n",
                    p.label(), ms(s.median()), ms(s.q1()), ms(s.q3()), ms(s.min()), ms(s.max()), s.samples())));
        }
        sb.append('\n');
        for (Peer p : List.of(Peer.JDM, Peer.JDM_LOOP)) {
            OptionalDouble detect = median(of(p).stream().map(ReactionRun.Sample::detectMillis)
                    .filter(OptionalDouble::isPresent).map(OptionalDouble::getAsDouble).toList());
            OptionalDouble grow = median(of(p).stream().map(ReactionRun.Sample::growMillis)
                    .filter(OptionalDouble::isPresent).map(OptionalDouble::getAsDouble).toList());
            if (detect.isPresent() && grow.isPresent()) {
                sb.append(p.label()).append(", medians: from the start of the write to its ThresholdReached event (the"
                        + " kernel's event, the monitor's wake and status call) ").append(ms(detect.getAsDouble()))
                        .append("; the grow (PoolEvent.Extended.took: the grower, the reload, reading the table back) ")
                        .append(ms(grow.getAsDouble())).append(".\n");
            }
        }
        OptionalDouble write = median(samples.stream().map(ReactionRun.Sample::writeMillis).toList());
        write.ifPresent(w -> sb.append("The crossing write itself, median over all peers: ").append(ms(w)).append(".\n"));
        if (!warmups.isEmpty()) {
            sb.append("Warm-up repetitions (not counted): ");
            sb.append(String.join(", ", warmups.stream().map(s -> s.peer().label() + " " + ms(s.reactionMillis())
                    + s.growMillis().stream().mapToObj(g -> " (grow " + ms(g) + ")").findFirst().orElse("")).toList()));
            sb.append(".\n");
        }
        idle.ifPresent(f -> {
            sb.append(String.format(Locale.ROOT, """

                    ## Idle cost

                    %d small thin pools (2 MiB metadata, 16 MiB data) watched by one PoolMonitor (defaults: a round every
                    10 s, device-mapper events), nothing happening; windows of %d s each, one after the other, CPU
                    scaled to an hour (measured over %d s, multiplied by %.0f).

                    | window | monitor thread CPU | process CPU | rounds |
                    |---|---:|---:|---:|
                    """, f.pools(), f.window().toSeconds(), f.window().toSeconds(), 3600.0 / f.window().toSeconds()));
            row(sb, f, "no monitor (baseline)", f.baseline());
            row(sb, f, "monitor, no pools", f.empty());
            for (int i = 0; i < f.watching().size(); i++) {
                row(sb, f, "monitor, " + f.pools() + " pools, window " + (i + 1), f.watching().get(i));
            }
            sb.append(String.format(Locale.ROOT, "%nThe monitor thread watching %d pools, last window: %s of CPU per hour"
                            + " (%.3f%% of one CPU); the process, over its baseline: %s per hour.%n", f.pools(),
                    cpu(f.perHour(f.last().monitorThreadCpuNanos())),
                    100.0 * f.last().monitorThreadCpuNanos() / f.window().toNanos(),
                    cpu(f.perHour(f.last().processCpuNanos() - f.baseline().processCpuNanos()))));
        });
        return sb.toString();
    }

    String csv() {
        StringBuilder sb = new StringBuilder("peer,rep,warmup,reaction_ms,write_ms,from_bytes,to_bytes,jdm_detect_ms,jdm_grow_ms\n");
        for (ReactionRun.Sample s : java.util.stream.Stream.concat(warmups.stream(), samples.stream()).toList()) {
            sb.append(String.format(Locale.ROOT, "%s,%d,%b,%.3f,%.3f,%d,%d,%s,%s%n", s.peer().name().toLowerCase(), s.rep(),
                    warmups.contains(s), s.reactionMillis(), s.writeMillis(), s.fromBytes(), s.toBytes(), cell(s.detectMillis()), cell(s.growMillis())));
        }
        return sb.toString();
    }

    private static void row(StringBuilder sb, IdleCost.Figures f, String label, IdleCost.Window w) {
        sb.append(String.format(Locale.ROOT, "| %s | %s/h | %s/h | %d |%n", label, cpu(f.perHour(w.monitorThreadCpuNanos())),
                cpu(f.perHour(w.processCpuNanos())), w.rounds()));
    }

    private static String cell(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.3f", v.getAsDouble()) : "";
    }

    static OptionalDouble median(List<Double> values) {
        return values.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Stats.of(values).median());
    }

    static String ms(double millis) {
        return millis >= 1000 ? String.format(Locale.ROOT, "%.2f s", millis / 1000) : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    /** Seconds of CPU, in the unit that reads best. */
    static String cpu(double seconds) {
        return seconds >= 1 ? String.format(Locale.ROOT, "%.2f s", seconds) : String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }
}
