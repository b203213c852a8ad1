package io.jdm.cli;

import io.jdm.api.DeviceMapperOptions;
import io.jdm.api.Table;
import io.jdm.api.internal.TableText;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a table the way dmsetup does ({@link TableText#parseLines}): from {@code --table} (one line), a
 * file, or stdin. Input is read up to {@link #MAX_BYTES} (a table larger than jdm's largest ioctl buffer
 * could not be sent anyway), so {@code jdm create x </dev/zero} fails at once instead of filling the
 * memory, and it must be UTF-8: bytes that are not would otherwise reach the kernel replaced by U+FFFD.
 */
final class TableInput {
    static final int MAX_BYTES = DeviceMapperOptions.defaults().maxBufferBytes();

    private TableInput() {
    }

    static Table read(Invocation inv, String file, InputStream stdin) {
        if (inv.options().value("table").isPresent()) {
            return parse(inv.options().value("table").get(), "");
        }
        if (file != null) {
            try (InputStream in = Files.newInputStream(Path.of(file))) {
                return parse(text(in, file), file);
            } catch (IOException e) {
                throw new CommandFailedException("Couldn't open '" + file + "' for reading");
            }
        }
        try {
            return parse(text(stdin, "stdin"), "on stdin");
        } catch (IOException e) {
            throw new CommandFailedException("Couldn't read the table from stdin: " + e.getMessage());
        }
    }

    /** At most {@link #MAX_BYTES} of UTF-8. */
    static String text(InputStream in, String source) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new CommandFailedException("The table on " + source + " is larger than " + MAX_BYTES
                    + " bytes, more than jdm sends in one ioctl.");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CommandFailedException("The table on " + source + " is not UTF-8 text.");
        }
    }

    /** @param source how dmsetup names the source in its error ("" for --table, "on stdin", or the file) */
    static Table parse(String text, String source) {
        return new Table(TableText.parseLines(text, (lineNo, line) ->
                new CommandFailedException("Invalid format on line " + lineNo + " of table " + source + ".")));
    }
}
