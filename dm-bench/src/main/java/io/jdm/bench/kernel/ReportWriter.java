package io.jdm.bench.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes a {@link Report} three ways into a directory: {@code report.md} (a table a person reads, with
 * the goals), {@code results.csv} (every figure, for tools), {@code ratios.svg} (a bar chart of each
 * peer's time over raw C's, on a log scale since dmsetup is orders of magnitude off).
 */
public final class ReportWriter {
    public static final String MARKDOWN = "report.md";
    public static final String CSV = "results.csv";
    public static final String SVG = "ratios.svg";

    private static final Map<String, String> COLOURS = Map.of(
            "raw-c", "#7f7f7f", "libdevmapper", "#1f77b4", "dmsetup", "#d62728", "jdm", "#2ca02c");

    private ReportWriter() {
    }

    public static void writeAll(Report report, String jdmPeer, Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(MARKDOWN), markdown(report, jdmPeer), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(CSV), csv(report), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve(SVG), svg(report), StandardCharsets.UTF_8);
    }

    /** A time with a unit that keeps three significant digits readable. */
    static String time(double nanos) {
        if (nanos >= 1e9) return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        if (nanos >= 1e6) return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        if (nanos >= 1e3) return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        return String.format(Locale.ROOT, "%.0f ns", nanos);
    }

    static String markdown(Report r, String jdmPeer) {
        StringBuilder sb = new StringBuilder("# jdm kernel benchmark\n\n");
        new TreeMap<>(r.environment()).forEach((k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        sb.append("\nMedian time per operation, ±interquartile range as % of the median, and (ratio to raw C in this run).\n")
                .append("`xN` rows: N workers at once; the time is wall time over all their operations (inverse throughput).\n\n");
        sb.append("| operation |");
        r.peers().forEach(p -> sb.append(' ').append(p).append(" |"));
        sb.append("\n|---|");
        r.peers().forEach(p -> sb.append("---:|"));
        sb.append('\n');
        for (Workload w : r.workloads()) {
            sb.append("| ").append(w.label()).append(" |");
            for (String p : r.peers()) {
                Optional<Stats> s = r.stats(w, p);
                if (s.isEmpty()) {
                    sb.append(" — |");
                    continue;
                }
                sb.append(' ').append(time(s.get().median()))
                        .append(String.format(Locale.ROOT, " ±%.0f%%", s.get().spreadPercent()));
                r.ratio(w, p).ifPresent(x -> sb.append(String.format(Locale.ROOT, " (%.2fx)", x)));
                sb.append(" |");
            }
            sb.append('\n');
        }
        sb.append("\nOperations:\n\n");
        r.workloads().stream().map(Workload::operation).distinct()
                .forEach(op -> sb.append("- `").append(op.cName()).append("`: ").append(op.description()).append('\n'));
        sb.append("\n## Goals for jdm\n\n| goal | measured | met |\n|---|---|---|\n");
        for (Goals.Verdict v : Goals.check(r, jdmPeer)) {
            sb.append("| ").append(v.goal()).append(" | ").append(v.measured()).append(" | ")
                    .append(v.met().map(m -> m ? "yes" : "**no**").orElse("n/a")).append(" |\n");
        }
        if (!r.failures().isEmpty()) {
            sb.append("\n## Failures\n\n");
            r.failures().forEach(f -> sb.append("- ").append(f.replace("\n", " ")).append('\n'));
        }
        return sb.toString();
    }

    static String csv(Report r) {
        StringBuilder sb = new StringBuilder(
                "operation,threads,peer,median_ns,min_ns,q1_ns,q3_ns,max_ns,samples,ratio_to_raw_c\n");
        for (Workload w : r.workloads()) {
            for (String p : r.peers()) {
                Optional<Stats> s = r.stats(w, p);
                if (s.isEmpty()) {
                    continue;
                }
                Stats x = s.get();
                sb.append(String.format(Locale.ROOT, "%s,%d,%s,%.1f,%.1f,%.1f,%.1f,%.1f,%d,%s\n",
                        w.operation().cName(), w.threads(), p, x.median(), x.min(), x.q1(), x.q3(), x.max(), x.samples(),
                        r.ratio(w, p).map(v -> String.format(Locale.ROOT, "%.4f", v)).orElse("")));
            }
        }
        return sb.toString();
    }

    /** Horizontal grouped bars, one group per workload, log10 axis of the ratio to raw C. */
    static String svg(Report r) {
        List<String> peers = r.peers();
        int barH = 12;
        int groupGap = 10;
        int left = 130;
        int plotW = 560;
        int top = 50;
        int groupH = peers.size() * barH + groupGap;
        int height = top + r.workloads().size() * groupH + 40;
        int width = left + plotW + 90;
        double maxRatio = 10;
        for (Workload w : r.workloads()) {
            for (String p : peers) {
                maxRatio = Math.max(maxRatio, r.ratio(w, p).orElse(1.0));
            }
        }
        double decades = Math.ceil(Math.log10(maxRatio));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n",
                width, height));
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"18\" font-size=\"14\" font-weight=\"bold\">Time per operation relative to raw ioctls in C (log scale, lower is better)</text>\n",
                10));
        // legend
        int lx = left;
        for (String p : peers) {
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"28\" width=\"10\" height=\"10\" fill=\"%s\"/>", lx, colour(p)));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"37\">%s</text>\n", lx + 14, escape(p)));
            lx += 110;
        }
        // grid: one line per decade, starting at 0.1x so that a ratio under 1 still shows
        double minLog = -1;
        double span = decades - minLog;
        int bottom = top + r.workloads().size() * groupH;
        for (int d = (int) minLog; d <= decades; d++) {
            double x = left + plotW * (d - minLog) / span;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>", x, top - 4, x, bottom, d == 0 ? "#000" : "#ddd"));
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%sx</text>\n",
                    x, bottom + 14, d < 0 ? "0.1" : String.format(Locale.ROOT, "%.0f", Math.pow(10, d))));
        }
        int y = top;
        for (Workload w : r.workloads()) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n",
                    left - 6, y + peers.size() * barH / 2 + 4, escape(w.label())));
            for (String p : peers) {
                Optional<Double> ratio = r.ratio(w, p);
                if (ratio.isPresent()) {
                    double logv = Math.max(minLog, Math.log10(ratio.get()));
                    double x0 = left;
                    double x1 = left + plotW * (logv - minLog) / span;
                    sb.append(String.format(Locale.ROOT,
                            "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"><title>%s %s: %.2fx</title></rect>",
                            x0, y, Math.max(1, x1 - x0), barH - 2, colour(p), escape(w.label()), escape(p), ratio.get()));
                    sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"9\">%s</text>\n",
                            x1 + 3, y + barH - 3, String.format(Locale.ROOT, ratio.get() >= 10 ? "%.0fx" : "%.2fx", ratio.get())));
                }
                y += barH;
            }
            y += groupGap;
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String colour(String peer) {
        return COLOURS.getOrDefault(peer, "#9467bd");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
