package io.jdm.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * Draws a {@link DeviceTree} byte for byte as dmsetup's pstree-derived code does, including its
 * truncation of long lines at the terminal width (80 when not a terminal) with "...".
 */
final class TreeRenderer {
    private record Symbols(String empty, String branch, String vert, String last, String single, String first) {
    }

    private static final Symbols ASCII = new Symbols("  ", "|-", "| ", "`-", "---", "-+-");
    private static final Symbols UTF = new Symbols("  ", "\u251c\u2500", "\u2502 ", "\u2514\u2500",
            "\u2500\u2500\u2500", "\u2500\u252c\u2500");
    private static final String VB = "\033(0\017";
    private static final String VE = "\033(B";
    private static final Symbols VT100 = new Symbols("  ", VB + "tq" + VE, VB + "x" + VE + " ", VB + "mq" + VE,
            VB + "qqq" + VE, VB + "qwq" + VE);
    private static final int MAX_DEPTH = 100;

    private final DeviceTree tree;
    private final HostView host;
    private final Symbols sym;
    private final boolean device;
    private final boolean blkdevname;
    private final boolean active;
    private final boolean rw;
    private final boolean open;
    private final boolean uuid;
    private final boolean compact;
    private final boolean inverted;
    private final boolean truncate;
    private final int termWidth;

    private final int[] width = new int[MAX_DEPTH];
    private final boolean[] more = new boolean[MAX_DEPTH];
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int curX = 1;
    private int lastChar;

    /** @param options the words of {@code -o} (ascii, compact, nodevice, ...) */
    TreeRenderer(DeviceTree tree, HostView host, Set<String> options, int termWidth) {
        this.tree = tree;
        this.host = host;
        this.sym = options.contains("ascii") ? ASCII : options.contains("vt100") ? VT100
                : options.contains("utf") || host.utf8() ? UTF : ASCII;
        this.device = !options.contains("nodevice");
        this.blkdevname = options.contains("blkdevname");
        this.active = options.contains("active");
        this.rw = options.contains("rw");
        this.open = options.contains("open");
        this.uuid = options.contains("uuid");
        this.inverted = options.contains("inverted");
        this.truncate = !options.contains("notrunc");
        this.compact = options.contains("compact") && !(active || rw || open || uuid);
        this.termWidth = termWidth;
    }

    String render() {
        walk(tree.root, 0);
        return out.toString(StandardCharsets.UTF_8);
    }

    private void walk(DeviceTree.Node node, int depth) {
        List<DeviceTree.Node> children = List.copyOf(tree.children(node, inverted));
        for (int i = 0; i < children.size(); i++) {
            DeviceTree.Node child = children.get(i);
            boolean hasChildren = !tree.children(child, inverted).isEmpty();
            node(child, depth, i == children.size() - 1, hasChildren);
            if (hasChildren) {
                walk(child, depth + 1);
            }
        }
    }

    private void node(DeviceTree.Node node, int depth, boolean lastChild, boolean hasChildren) {
        if (depth + 2 > MAX_DEPTH) {
            return;
        }
        if (node.name.isEmpty() && !device && !blkdevname) {
            return;
        }
        more[depth] = !lastChild;
        width[depth] = 0;
        boolean firstOnLine = curX == 1;
        if (!compact || firstOnLine) {
            prefix(depth);
        }
        int offset = curX;
        if (compact && !firstOnLine) {
            string(more[depth] ? sym.first() : sym.single());
        }
        string(Shown.name(node.name));
        if (blkdevname) {
            host.kernelName(node.number).ifPresent(k -> string(" <" + k + ">"));
        }
        if (device) {
            string(" (" + node.number.major() + ":" + node.number.minor() + ")");
        }
        attributes(node);
        if (compact) {
            width[depth] = curX - offset;
        }
        if (!compact || !hasChildren) {
            newline();
        }
    }

    private void attributes(DeviceTree.Node node) {
        if (node.info == null || !(active || rw || open || uuid)) {
            return;
        }
        int n = 0;
        if (active) {
            string(n++ > 0 ? ", " : " [");
            string(node.info.suspended() ? "SUSPENDED" : "ACTIVE");
        }
        if (rw) {
            string(n++ > 0 ? ", " : " [");
            string(node.info.readOnly() ? "RO" : "RW");
        }
        if (open) {
            string(n++ > 0 ? ", " : " [");
            string(Integer.toString(node.info.openCount()));
        }
        if (uuid) {
            string(n++ > 0 ? ", " : " [");
            string(node.info.uuid().map(Object::toString).orElse(""));
        }
        string("]");
    }

    private void prefix(int depth) {
        for (int d = 0; d < depth; d++) {
            for (int x = width[d] + 1; x > 0; x--) {
                character(' ');
            }
            string(d == depth - 1 ? (!more[depth] ? sym.last() : sym.branch())
                    : (more[d + 1] ? sym.vert() : sym.empty()));
        }
    }

    private void string(String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            character(b & 0xff);
        }
    }

    /** dmsetup's _out_char: only the first byte of a UTF-8 character counts towards the width. */
    private void character(int c) {
        if ((c & 0xc0) != 0x80) {
            curX++;
        }
        if (!truncate) {
            out.write(c);
            return;
        }
        if (curX <= termWidth) {
            out.write(c);
        }
        if (curX == termWidth + 1 && (c & 0xc0) != 0x80) {
            if (lastChar != 0 || (c & 0x80) != 0) {
                out.write('.');
                out.write('.');
                out.write('.');
            } else {
                lastChar = c;
                curX--;
            }
        }
    }

    private void newline() {
        if (lastChar != 0 && curX == termWidth) {
            out.write(lastChar);
        }
        lastChar = 0;
        out.write('\n');
        curX = 1;
    }
}
