package io.jdm.thin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The state directory's intent journal: at most one open intent (the set serialises pool changes),
 * written durably before its pool message and cleared after the record is written.
 */
final class Journal {
    static final String FILE = "intent";
    private static final String FORMAT = "jdm-intent 1";

    private final Path file;

    Journal(Path stateDir) {
        this.file = stateDir.resolve(FILE);
    }

    void write(Intent intent) {
        String text = FORMAT + "\n" + intent.fromTxid() + "\n" + intent.operation().name() + "\n" + intent.thinId() + "\n";
        byte[] head = text.getBytes(StandardCharsets.US_ASCII);
        byte[] rec = intent.volume().encode();
        byte[] all = new byte[head.length + rec.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(rec, 0, all, head.length, rec.length);
        DurableFiles.replace(file, all);
    }

    Optional<Intent> read() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new VolumeStateException(VolumeStateException.Kind.IO, file, "cannot read the intent: " + e, e);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String[] parts = text.split("\n", 5);
        if (parts.length != 5 || !parts[0].equals(FORMAT)) {
            throw new VolumeStateException(VolumeStateException.Kind.CORRUPT, file, "not a jdm intent", null);
        }
        try {
            return Optional.of(new Intent(Long.parseLong(parts[1]), Intent.Operation.valueOf(parts[2]),
                    Integer.parseInt(parts[3]), VolumeRecord.decode(file, parts[4].getBytes(StandardCharsets.US_ASCII))));
        } catch (IllegalArgumentException e) {
            throw new VolumeStateException(VolumeStateException.Kind.CORRUPT, file, "corrupt intent: " + e.getMessage(), e);
        }
    }

    void clear() {
        DurableFiles.delete(file);
    }
}
