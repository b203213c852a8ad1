package io.jdm.ioctl.mount;

import io.jdm.api.DeviceNumber;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The parser of {@code /proc/<pid>/mountinfo} (proc(5)). */
final class MountInfo {
    private MountInfo() {
    }

    /** Every line of the file's bytes; a line that is not mountinfo's shape is an {@link IllegalArgumentException}. */
    static List<MountEntry> parse(byte[] text) {
        // ISO-8859-1 maps each byte to one char, so the escapes decode to the original bytes
        String all = new String(text, StandardCharsets.ISO_8859_1);
        List<MountEntry> entries = new ArrayList<>();
        for (String line : all.split("\n")) {
            if (!line.isEmpty()) {
                entries.add(parseLine(line));
            }
        }
        return List.copyOf(entries);
    }

    static MountEntry parseLine(String line) {
        String[] f = line.split(" ");
        int dash = Arrays.asList(f).indexOf("-");
        if (f.length < 10 || dash < 6 || f.length < dash + 4) {
            throw new IllegalArgumentException("not a mountinfo line: '" + printable(line) + "'");
        }
        try {
            return new MountEntry(Integer.parseInt(f[0]), Integer.parseInt(f[1]), DeviceNumber.parse(f[2]),
                    unescape(f[3]), Path.of(unescape(f[4])), unescape(f[5]),
                    Arrays.stream(f, 6, dash).map(MountInfo::unescape).toList(),
                    unescape(f[dash + 1]), unescape(f[dash + 2]), unescape(f[dash + 3]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a mountinfo line: '" + printable(line) + "': " + e.getMessage(), e);
        }
    }

    /**
     * The kernel writes a space, tab, newline, backslash (and, in some fields, {@code #}) as a backslash and
     * three octal digits; the bytes are a path's, decoded as UTF-8.
     */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0 && field.chars().allMatch(c -> c < 0x80)) {
            return field;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1) && isOctal(field, i + 2) && isOctal(field, i + 3)) {
                out.write(Integer.parseInt(field, i + 1, i + 4, 8));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }

    private static String printable(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
