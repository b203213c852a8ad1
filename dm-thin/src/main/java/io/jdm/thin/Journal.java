package io.jdm.thin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The state directory's intent journal: at most one open intent (the set serialises pool changes),
 * written durably before its pool message and replaced, once the record is written, by the pool
 * transaction id the change committed. So the file always says either what was under way or which
 * transaction id the records match; a pool found at another id was changed by someone else.
 */
final class Journal {
    static final String FILE = "intent";
    private static final String FORMAT = "jdm-intent 1";
    private static final String COMMITTED = "jdm-committed 1";

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
        if (text.startsWith(COMMITTED + "\n")) {
            return Optional.empty();
        }
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

    /** Closes the open intent (if any): the records now match the pool at transaction id {@code txid}. */
    void commit(long txid) {
        DurableFiles.replace(file, (COMMITTED + "\n" + txid + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The transaction id of the last {@link #commit}, or empty when an intent is open or nothing was
     * ever committed (a new state directory).
     */
    java.util.OptionalLong committedTxid() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return java.util.OptionalLong.empty();
        } catch (IOException e) {
            throw new VolumeStateException(VolumeStateException.Kind.IO, file, "cannot read the journal: " + e, e);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!text.startsWith(COMMITTED + "\n")) {
            return java.util.OptionalLong.empty();
        }
        String[] lines = text.split("\n", -1);
        try {
            if (lines.length != 3 || !lines[2].isEmpty()) {
                throw new NumberFormatException("not two lines");
            }
            return java.util.OptionalLong.of(Long.parseLong(lines[1]));
        } catch (NumberFormatException e) {
            throw new VolumeStateException(VolumeStateException.Kind.CORRUPT, file, "corrupt journal: " + e.getMessage(), e);
        }
    }
}
