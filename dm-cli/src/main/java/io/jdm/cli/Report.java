package io.jdm.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * libdm's column report as {@code dmsetup info -c} prints it: with headings, columns are aligned to the
 * widest of the field's default width, its heading and its values (numbers right, text left, the last
 * column padded too) and separated by one space; with {@code --noheadings} or an explicit
 * {@code --separator} nothing is padded, and the separator defaults to ':' without headings.
 */
final class Report {
    /** One column: heading, default width, whether values are numbers (right-aligned). */
    record Column(String heading, int width, boolean numeric) {
    }

    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    Report(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    void add(List<String> values) {
        rows.add(List.copyOf(values));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render(boolean headings, String separator) {
        StringBuilder sb = new StringBuilder();
        if (rows.isEmpty()) {
            return "";
        }
        boolean aligned = headings && separator == null;
        String sep = separator != null ? separator : headings ? " " : ":";
        int[] widths = new int[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            widths[c] = Math.max(columns.get(c).width(), columns.get(c).heading().length());
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        if (headings) {
            List<String> heads = columns.stream().map(Column::heading).toList();
            line(sb, heads, widths, aligned, sep, true);
        }
        for (List<String> row : rows) {
            line(sb, row, widths, aligned, sep, false);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, List<String> values, int[] widths, boolean aligned, String sep, boolean heading) {
        for (int c = 0; c < values.size(); c++) {
            if (c > 0) {
                sb.append(sep);
            }
            String v = values.get(c);
            if (!aligned) {
                sb.append(v);
            } else if (columns.get(c).numeric() && !heading) {
                sb.append(" ".repeat(widths[c] - v.length())).append(v);
            } else {
                sb.append(v).append(" ".repeat(widths[c] - v.length()));
            }
        }
        sb.append('\n');
    }
}
