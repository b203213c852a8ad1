package io.jdm.cli;

import java.nio.charset.StandardCharsets;

/**
 * Names and uuids as text output shows them. The kernel allows any byte but '/' in a name, so a device
 * made by another tool may hold a newline (which would split one device over two lines of {@code ls})
 * or an escape sequence (which a terminal would obey). Control characters (C0, DEL, C1) and the
 * backslash are written as {@code \xNN} per UTF-8 byte, as libdevmapper's hex mangling writes them;
 * everything else is shown as it is. (dmsetup itself refuses to list such names in its default
 * mangling mode.) JSON output keeps the real name: its escaping is JSON's.
 */
final class Shown {
    private Shown() {
    }

    static String name(String text) {
        int i = 0;
        while (i < text.length() && !mangled(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!mangled(c)) {
                sb.append(c);
                continue;
            }
            for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                sb.append(String.format("\\x%02x", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static boolean mangled(char c) {
        return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\\';
    }
}
