package io.jdm.ioctl.internal;

import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.api.TargetStatus;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.jdm.ioctl.internal.DmStructs.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Tables in and out of the data area. Going in ({@code DM_TABLE_LOAD}) each {@code dm_target_spec}'s
 * {@code next} is relative to that spec; coming out ({@code DM_TABLE_STATUS}, {@code DM_DEV_WAIT}) it is
 * relative to the first spec. Both directions pad each spec and its NUL-terminated text to 8 bytes.
 */
public final class TableCodec {
    private TableCodec() {
    }

    /** A table ready to copy into a request: the escaped params are encoded once. */
    public record Encoded(Table table, byte[][] types, byte[][] params, int size) {
    }

    public static Encoded encode(Table table) {
        List<TableLine> lines = table.lines();
        byte[][] types = new byte[lines.size()][];
        byte[][] params = new byte[lines.size()][];
        long size = 0;
        for (int i = 0; i < lines.size(); i++) {
            TableLine line = lines.get(i);
            types[i] = line.type().getBytes(StandardCharsets.UTF_8);
            params[i] = line.escapedParams().getBytes(StandardCharsets.UTF_8);
            size += SPEC_SIZE + align8(params[i].length + 1L);
        }
        if (size > Integer.MAX_VALUE - IOCTL_SIZE) {
            throw new io.jdm.api.InvalidInputException("table of " + lines.size() + " targets encodes to " + size
                    + " bytes, more than one ioctl can carry");
        }
        return new Encoded(table, types, params, (int) size);
    }

    /** Writes the specs at {@code offset} (a multiple of 8) of a zeroed buffer. */
    public static void write(MemorySegment buffer, long offset, Encoded encoded) {
        List<TableLine> lines = encoded.table().lines();
        long spec = offset;
        for (int i = 0; i < lines.size(); i++) {
            TableLine line = lines.get(i);
            int next = (int) (SPEC_SIZE + align8(encoded.params()[i].length + 1L));
            buffer.set(JAVA_LONG, spec + SPEC_SECTOR_START, line.start());
            buffer.set(JAVA_LONG, spec + SPEC_LENGTH, line.length());
            buffer.set(JAVA_INT, spec + SPEC_STATUS, 0);
            buffer.set(JAVA_INT, spec + SPEC_NEXT, next);
            CStrings.write(buffer, spec + SPEC_TARGET_TYPE, encoded.types()[i]);
            CStrings.write(buffer, spec + SPEC_SIZE, encoded.params()[i]);
            spec += next;
        }
    }

    /**
     * Reads {@code count} specs of a status or table reply whose first spec is at {@code first};
     * {@code end} bounds every read (the reply's data size).
     */
    public static List<TargetStatus> read(MemorySegment buffer, long first, int count, long end) {
        List<TargetStatus> out = new ArrayList<>(count);
        long spec = first;
        for (int i = 0; i < count; i++) {
            if (spec + SPEC_SIZE > end) {
                throw new IllegalStateException("target " + i + " of " + count + " lies past the reply's end (" + end + ")");
            }
            long start = buffer.get(JAVA_LONG, spec + SPEC_SECTOR_START);
            long length = buffer.get(JAVA_LONG, spec + SPEC_LENGTH);
            String type = CStrings.read(buffer, spec + SPEC_TARGET_TYPE, MAX_TYPE_NAME);
            String text = CStrings.read(buffer, spec + SPEC_SIZE, end - (spec + SPEC_SIZE));
            out.add(new TargetStatus(start, length, type, text));
            spec = first + Integer.toUnsignedLong(buffer.get(JAVA_INT, spec + SPEC_NEXT));
        }
        return out;
    }

    /** The table text a person needs to see when a load fails; secrets are withheld. */
    public static String describe(Table table, boolean secure) {
        if (!secure) {
            return table.toString().strip();
        }
        StringBuilder sb = new StringBuilder();
        for (TableLine line : table.lines()) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(line.start()).append(' ').append(line.length()).append(' ').append(line.type()).append(" <params withheld: secure data>");
        }
        return sb.toString();
    }
}
