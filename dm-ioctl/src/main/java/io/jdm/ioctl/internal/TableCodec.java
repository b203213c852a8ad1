package io.jdm.ioctl.internal;

import io.jdm.api.InvalidInputException;
import io.jdm.api.SecretBytes;
import io.jdm.api.internal.CryptKeyWord;
import io.jdm.api.internal.Hex;
import io.jdm.api.internal.TableText;
import io.jdm.api.Table;
import io.jdm.api.TableLine;
import io.jdm.api.TargetStatus;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static io.jdm.ioctl.internal.DmStructs.*;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
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

    /**
     * A table ready to copy into a request: the escaped params are encoded once. For a line with a
     * secret, {@code params[i]} is the text before the secret's word and {@code tails[i]} the text after
     * it ({@code tails} is null when no line has a secret); the secret itself goes into the request buffer as hex only when it is written, so no Java array
     * ever holds the key's text.
     */
    public record Encoded(Table table, byte[][] types, byte[][] params, byte[][] tails, int size) {
        /** Zeroes the encoded text, for tables sent as secure data. */
        public void wipe() {
            for (byte[][] texts : new byte[][][] {params, tails}) {
                for (int i = 0; texts != null && i < texts.length; i++) {
                    if (texts[i] != null) {
                        Arrays.fill(texts[i], (byte) 0);
                    }
                }
            }
        }
    }

    public static Encoded encode(Table table) {
        List<TableLine> lines = table.lines();
        if (lines.size() > MAX_TARGETS) {
            throw new InvalidInputException("table of " + lines.size() + " targets: the kernel takes at most " + MAX_TARGETS
                    + " (DM_MAX_TARGETS)");
        }
        byte[][] types = new byte[lines.size()][];
        byte[][] params = new byte[lines.size()][];
        byte[][] tails = null; // only tables with secrets need them
        long size = 0;
        for (int i = 0; i < lines.size(); i++) {
            TableLine line = lines.get(i);
            types[i] = line.type().getBytes(StandardCharsets.UTF_8);
            long textBytes;
            if (line.secret() == null) {
                params[i] = line.escapedParams().getBytes(StandardCharsets.UTF_8);
                textBytes = params[i].length;
            } else {
                int at = TableText.secretWordAt(line.params());
                tails = tails == null ? new byte[lines.size()][] : tails;
                params[i] = TableText.escape(line.params().substring(0, at)).getBytes(StandardCharsets.UTF_8);
                tails[i] = TableText.escape(line.params().substring(at + TableLine.SECRET_WORD.length())).getBytes(StandardCharsets.UTF_8);
                textBytes = params[i].length + 2L * line.secret().length() + tails[i].length;
            }
            size += SPEC_SIZE + align8(textBytes + 1);
        }
        if (size > Integer.MAX_VALUE - IOCTL_SIZE) {
            throw new InvalidInputException("table of " + lines.size() + " targets encodes to " + size
                    + " bytes, more than one ioctl can carry");
        }
        return new Encoded(table, types, params, tails, (int) size);
    }

    /** Writes the specs at {@code offset} (a multiple of 8) of a zeroed buffer. */
    public static void write(MemorySegment buffer, long offset, Encoded encoded) {
        List<TableLine> lines = encoded.table().lines();
        long spec = offset;
        for (int i = 0; i < lines.size(); i++) {
            TableLine line = lines.get(i);
            long text = spec + SPEC_SIZE;
            long end = writeText(buffer, text, encoded.params()[i], line.secret(),
                    encoded.tails() == null ? null : encoded.tails()[i]);
            int next = (int) (SPEC_SIZE + align8(end - text + 1));
            buffer.set(JAVA_LONG, spec + SPEC_SECTOR_START, line.start());
            buffer.set(JAVA_LONG, spec + SPEC_LENGTH, line.length());
            buffer.set(JAVA_INT, spec + SPEC_STATUS, 0);
            buffer.set(JAVA_INT, spec + SPEC_NEXT, next);
            CStrings.write(buffer, spec + SPEC_TARGET_TYPE, encoded.types()[i]);
            spec += next;
        }
    }

    /** Writes a line's params (and its secret as hex, when it has one) and a NUL; returns where the NUL is. */
    private static long writeText(MemorySegment buffer, long at, byte[] params, SecretBytes secret, byte[] tail) {
        MemorySegment.copy(params, 0, buffer, JAVA_BYTE, at, params.length);
        at += params.length;
        if (secret != null) {
            for (int i = 0; i < secret.length(); i++) {
                int b = secret.byteAt(i) & 0xff;
                buffer.set(JAVA_BYTE, at++, Hex.digit(b >>> 4));
                buffer.set(JAVA_BYTE, at++, Hex.digit(b & 0xf));
            }
            MemorySegment.copy(tail, 0, buffer, JAVA_BYTE, at, tail.length);
            at += tail.length;
        }
        buffer.set(JAVA_BYTE, at, (byte) 0);
        return at;
    }

    /** Reads one spec of a reply: its place, its type, and its text at {@code [text, textEnd)} of the buffer. */
    @FunctionalInterface
    private interface SpecReader<T> {
        T read(MemorySegment buffer, long start, long length, String type, long text, long textEnd);
    }

    /**
     * Walks the {@code count} specs of a status or table reply whose first spec is at {@code first} and
     * whose data ends at {@code end} (the reply's data size); coming out, each spec's {@code next} is
     * relative to the first. The kernel writes each spec, its NUL-terminated text, pads to 8, and ends
     * the data right after the last NUL; anything else is a bad reply. A count that the specs do not
     * bear out is a {@linkplain BadReply#mismatch mismatch} (the table changed between the kernel's two
     * looks at it), found before anything is allocated for the count.
     */
    private static <T> List<T> walk(MemorySegment buffer, long first, int count, long end, SpecReader<T> reader) {
        long data = end - first;
        if (count == 0) {
            if (data > 0) {
                throw BadReply.mismatch("target_count is 0 but the reply holds " + data + " bytes of specs");
            }
            return List.of();
        }
        // each spec takes its 40 bytes and at least a NUL
        if (count < 0 || data < (long) count * (SPEC_SIZE + 1)) {
            throw BadReply.mismatch("target_count " + Integer.toUnsignedString(count) + " does not fit the "
                    + Math.max(0, data) + " bytes of specs in the reply");
        }
        Object[] out = new Object[count];
        long spec = first;
        for (int i = 0; i < count; i++) {
            long text = spec + SPEC_SIZE;
            if (text >= end) {
                throw BadReply.mismatch("target " + i + " of " + count + " lies past the reply's end (" + end + ")");
            }
            if (CStrings.length(buffer, spec + SPEC_TARGET_TYPE, text) <= 0) {
                throw BadReply.malformed("target " + i + " has an empty or unterminated type");
            }
            long nul = CStrings.length(buffer, text, end);
            if (nul < 0) {
                throw BadReply.mismatch("the text of target " + i + " of " + count + " is not terminated within the reply");
            }
            long textEnd = text + nul;
            out[i] = reader.read(buffer, buffer.get(JAVA_LONG, spec + SPEC_SECTOR_START), buffer.get(JAVA_LONG, spec + SPEC_LENGTH),
                    CStrings.read(buffer, spec + SPEC_TARGET_TYPE, MAX_TYPE_NAME), text, textEnd);
            if (i == count - 1) {
                if (textEnd + 1 != end) {
                    throw BadReply.mismatch("the last of " + count + " targets ends at " + (textEnd + 1)
                            + " but the reply at " + end + ": target_count and the specs disagree");
                }
            } else {
                long next = first + Integer.toUnsignedLong(buffer.get(JAVA_INT, spec + SPEC_NEXT));
                if (next < align8(textEnd + 1) || (next - first) % 8 != 0) {
                    throw BadReply.malformed("target " + i + "'s next (" + (next - first) + ") does not point past its text");
                }
                spec = next;
            }
        }
        // an immutable List.of, which StatusReport's and Table's List.copyOf keep as it is instead of copying twice
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) List.of(out);
        return list;
    }

    /** Reads the specs of a status reply (see {@link #walk}). */
    public static List<TargetStatus> read(MemorySegment buffer, long first, int count, long end) {
        return walk(buffer, first, count, end, (b, start, length, type, text, textEnd) ->
                new TargetStatus(start, length, type, CStrings.read(b, text, textEnd - text)));
    }

    /**
     * Reads the table of a {@code DM_TABLE_STATUS} reply made with {@code DM_STATUS_TABLE_FLAG}. A crypt
     * key printed as hex is decoded straight from the buffer into the line's {@link SecretBytes}, and the
     * params hold {@link TableLine#SECRET_WORD} in its place: the key never becomes a String.
     */
    public static List<TableLine> readLines(MemorySegment buffer, long first, int count, long end) {
        return walk(buffer, first, count, end, TableCodec::readLine);
    }

    private static TableLine readLine(MemorySegment buffer, long start, long length, String type, long text, long textEnd) {
        long[] key = type.equals(CryptKeyWord.TYPE) ? hexKeyWord(buffer, text, textEnd) : null;
        if (key == null) {
            return new TableLine(start, length, type, CStrings.read(buffer, text, textEnd - text));
        }
        long from = key[0];
        SecretBytes secret = SecretBytes.generate((int) ((key[1] - from) / 2),
                j -> Hex.value(buffer.get(JAVA_BYTE, from + 2L * j)) << 4
                        | Hex.value(buffer.get(JAVA_BYTE, from + 2L * j + 1)));
        String params = CStrings.read(buffer, text, from - text) + TableLine.SECRET_WORD
                + CStrings.read(buffer, key[1], textEnd - key[1]);
        return TableLine.withSecret(start, length, type, params, secret);
    }

    /**
     * The bounds of the key of the crypt params at {@code [from, to)} of the buffer, when it is key
     * material (see {@link CryptKeyWord}) written as hex as the kernel prints keys; else null.
     */
    private static long[] hexKeyWord(MemorySegment buffer, long from, long to) {
        int[] word = CryptKeyWord.in(i -> buffer.get(JAVA_BYTE, from + i) & 0xff, (int) (to - from));
        if (word == null || (word[1] - word[0]) % 2 != 0) {
            return null;
        }
        for (int i = word[0]; i < word[1]; i++) {
            if (Hex.value(buffer.get(JAVA_BYTE, from + i)) < 0) {
                return null;
            }
        }
        return new long[] {from + word[0], from + word[1]};
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
