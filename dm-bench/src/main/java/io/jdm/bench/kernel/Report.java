package io.jdm.bench.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every figure of one run: per workload and peer, the {@link Stats} in ns/op; the ratios are taken
 * against {@link #BASELINE}, the raw-ioctl C program measured in the same run.
 *
 * @param environment what the run ran on (kernel, interface version, plan), for the report's header
 */
public record Report(Map<String, String> environment, List<Workload> workloads, List<String> peers,
                     Map<Workload, Map<String, Stats>> figures, List<String> failures) {
    public static final String BASELINE = "raw-c";
    /** The peers that are C programs doing bare device-mapper calls. */
    public static final Set<String> C_PEERS = Set.of(BASELINE, "libdevmapper");

    public Report {
        environment = Map.copyOf(environment);
        workloads = List.copyOf(workloads);
        peers = List.copyOf(peers);
        Map<Workload, Map<String, Stats>> copy = new LinkedHashMap<>();
        figures.forEach((w, byPeer) -> copy.put(w, Map.copyOf(byPeer)));
        figures = copy;
        failures = List.copyOf(failures);
    }

    public Optional<Stats> stats(Workload w, String peer) {
        return Optional.ofNullable(figures.getOrDefault(w, Map.of()).get(peer));
    }

    /** This peer's median over the baseline's, in the same run; empty if either is missing. */
    public Optional<Double> ratio(Workload w, String peer) {
        Optional<Stats> base = stats(w, BASELINE);
        Optional<Stats> mine = stats(w, peer);
        if (base.isEmpty() || mine.isEmpty() || base.get().median() <= 0) {
            return Optional.empty();
        }
        return Optional.of(mine.get().median() / base.get().median());
    }

    /** The first workload of this operation and worker count, if the run had one. */
    public Optional<Workload> workload(Operation op, int threads) {
        return workloads.stream().filter(w -> w.operation() == op && w.threads() == threads).findFirst();
    }

    /** Whether {@code peer} takes part in {@code w}: every peer does, except the C peers in what they do not do. */
    public static boolean expects(Workload w, String peer) {
        return w.operation().cPeers() || !C_PEERS.contains(peer) || (peer.equals(BASELINE) && w.operation().rawC());
    }

    /** Workload/peer pairs without a figure, among those {@link #expects expected}. */
    public List<String> missing() {
        List<String> out = new ArrayList<>();
        for (Workload w : workloads) {
            for (String p : peers) {
                if (expects(w, p) && stats(w, p).isEmpty()) {
                    out.add(w.label() + "/" + p);
                }
            }
        }
        return out;
    }
}
