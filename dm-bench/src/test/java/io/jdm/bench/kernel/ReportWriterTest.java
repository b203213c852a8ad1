package io.jdm.bench.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportWriterTest {
    static final Workload VERSION = new Workload(Operation.VERSION, 1, 10, 1);
    static final Workload INFO = new Workload(Operation.DEV_STATUS, 1, 10, 1);
    static final Workload LIFECYCLE = new Workload(Operation.LIFECYCLE, 1, 10, 1);
    static final Workload LIFECYCLE_4 = new Workload(Operation.LIFECYCLE, 4, 10, 1);
    static final List<String> PEERS = List.of("raw-c", "libdevmapper", "dmsetup", "jdm");

    /** Every peer at a fixed multiple of raw C's time, except one missing figure. */
    static Report sample() {
        Map<Workload, Map<String, Stats>> figures = new LinkedHashMap<>();
        for (Workload w : List.of(VERSION, INFO, LIFECYCLE, LIFECYCLE_4)) {
            Map<String, Stats> byPeer = new LinkedHashMap<>();
            double base = w == LIFECYCLE_4 ? 500 : 1000;
            byPeer.put("raw-c", Stats.of(List.of(base, base)));
            byPeer.put("libdevmapper", Stats.of(List.of(base * 6, base * 6)));
            if (w != VERSION) {
                byPeer.put("dmsetup", Stats.of(List.of(base * 20000, base * 20000)));
            }
            byPeer.put("jdm", Stats.of(List.of(base * 1.05, base * 1.05)));
            figures.put(w, byPeer);
        }
        return new Report(Map.of("kernel", "test"), List.copyOf(figures.keySet()), PEERS, figures,
                List.of("version/dmsetup: boom"));
    }

    @Test
    void ratiosAreAgainstRawCInTheSameWorkload() {
        Report r = sample();
        assertEquals(6.0, r.ratio(INFO, "libdevmapper").orElseThrow(), 1e-9);
        assertEquals(1.05, r.ratio(LIFECYCLE_4, "jdm").orElseThrow(), 1e-9);
        assertTrue(r.ratio(VERSION, "dmsetup").isEmpty());
        assertEquals(List.of("version/dmsetup"), r.missing());
    }

    @Test
    void csvHasOneRowPerFigure() {
        String[] lines = ReportWriter.csv(sample()).split("\n");
        assertEquals("operation,threads,peer,median_ns,min_ns,q1_ns,q3_ns,max_ns,samples,ratio_to_raw_c", lines[0]);
        assertEquals(1 + 4 * 4 - 1, lines.length);
        assertTrue(List.of(lines).contains("lifecycle,4,jdm,525.0,525.0,525.0,525.0,525.0,2,1.0500"), String.join("\n", lines));
    }

    @Test
    void markdownHasTheTableTheGoalsAndTheFailures() {
        String md = ReportWriter.markdown(sample(), "jdm");
        assertTrue(md.contains("| operation | raw-c | libdevmapper | dmsetup | jdm |"), md);
        assertTrue(md.contains("| info | 1.0 µs ±0% (1.00x) | 6.0 µs ±0% (6.00x) | 20.00 ms ±0% (20000.00x) | 1.1 µs ±0% (1.05x) |"), md);
        assertTrue(md.contains("| version | 1.0 µs ±0% (1.00x) | 6.0 µs ±0% (6.00x) | — |"), md);
        assertTrue(md.contains("| jdm <= 1.10x raw C on info | 1.05x raw C | yes |"), md);
        assertTrue(md.contains("| jdm >= 5x faster than libdevmapper on info | 5.71x faster | yes |"), md);
        assertTrue(md.contains("- version/dmsetup: boom"), md);
    }

    @Test
    void svgIsWellFormedWithABarPerRatio(@TempDir Path dir) throws Exception {
        ReportWriter.writeAll(sample(), "jdm", dir);
        for (String f : List.of(ReportWriter.MARKDOWN, ReportWriter.CSV, ReportWriter.SVG)) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve(ReportWriter.SVG).toFile());
        int bars = 0;
        var rects = svg.getElementsByTagName("rect");
        for (int i = 0; i < rects.getLength(); i++) {
            if (rects.item(i).getTextContent().contains("x")) { // bars carry a <title> with the ratio
                bars++;
            }
        }
        assertEquals(4 * 4 - 1, bars);
    }
}
