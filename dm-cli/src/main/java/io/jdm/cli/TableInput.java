package io.jdm.cli;

import io.jdm.api.Table;
import io.jdm.api.TableLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a table the way dmsetup does: from {@code --table} (one line), a file, or stdin; each line is
 * {@code start length type [params]}, blank lines and {@code #} comments are skipped, and whatever
 * follows a {@code #} is dropped.
 */
final class TableInput {
    private TableInput() {
    }

    static Table read(Invocation inv, String file, InputStream stdin) {
        if (inv.options().value("table").isPresent()) {
            return parse(inv.options().value("table").get(), "");
        }
        if (file != null) {
            try {
                return parse(Files.readString(Path.of(file), StandardCharsets.UTF_8), file);
            } catch (IOException e) {
                throw new CommandFailedException("Couldn't open '" + file + "' for reading");
            }
        }
        try {
            return parse(new String(stdin.readAllBytes(), StandardCharsets.UTF_8), "on stdin");
        } catch (IOException e) {
            throw new CommandFailedException("Couldn't read the table from stdin: " + e.getMessage());
        }
    }

    /** @param source how dmsetup names the source in its error ("" for --table, "on stdin", or the file) */
    static Table parse(String text, String source) {
        List<TableLine> lines = new ArrayList<>();
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 4);
            if (parts.length < 3 || !isNumber(parts[0]) || !isNumber(parts[1])) {
                throw new CommandFailedException("Invalid format on line " + lineNo + " of table " + source + ".");
            }
            String params = parts.length == 4 ? parts[3] : "";
            int comment = params.indexOf('#');
            if (comment >= 0) {
                params = params.substring(0, comment);
            }
            lines.add(new TableLine(Long.parseUnsignedLong(parts[0]), Long.parseUnsignedLong(parts[1]), parts[2], params));
        }
        return new Table(lines);
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || !s.chars().allMatch(Character::isDigit)) {
            return false;
        }
        try {
            Long.parseUnsignedLong(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
