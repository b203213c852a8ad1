package io.jdm.thin.metadata;

import java.util.ArrayList;
import java.util.List;

/**
 * thin_ls's table, the oracle for shared and exclusive blocks. Produced by
 * {@code thin_ls --no-headers -o } {@link #FIELDS}.
 */
record ThinLs(List<Row> rows) {
    static final String FIELDS = "DEV,MAPPED_BLOCKS,EXCLUSIVE_BLOCKS,SHARED_BLOCKS,TRANSACTION,CREATE_TIME,SNAP_TIME";

    record Row(long dev, long mapped, long exclusive, long shared, long transaction, long createTime, long snapTime) {
    }

    static ThinLs parse(String text) {
        List<Row> rows = new ArrayList<>();
        for (String line : text.strip().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] w = line.strip().split("\\s+");
            if (w.length != 7) {
                throw new IllegalArgumentException("thin_ls line with " + w.length + " fields, want 7: '" + line + "'");
            }
            long[] n = new long[7];
            for (int i = 0; i < 7; i++) {
                n[i] = Long.parseLong(w[i]);
            }
            rows.add(new Row(n[0], n[1], n[2], n[3], n[4], n[5], n[6]));
        }
        return new ThinLs(List.copyOf(rows));
    }
}
