package io.jdm.thin;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The volume records of one state directory: loaded once, then every change is written through
 * durably before it is visible here. Not thread-safe; its owner serialises access.
 *
 * <p>Records live under {@code volumes/}, one file named by the volume id. Leftover temporaries of a
 * write that a crash interrupted are deleted on load: the rename had not happened, so the old record
 * (or none) is the truth.
 */
final class VolumeRecords {
    static final String DIR = "volumes";

    private final Path dir;
    private final Map<VolumeId, VolumeRecord> records = new TreeMap<>();

    private VolumeRecords(Path dir) {
        this.dir = dir;
    }

    static VolumeRecords load(Path stateDir) {
        Path dir = stateDir.resolve(DIR);
        VolumeRecords r = new VolumeRecords(dir);
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    String name = f.getFileName().toString();
                    if (name.startsWith(DurableFiles.TEMP_PREFIX)) {
                        DurableFiles.delete(f);
                        continue;
                    }
                    VolumeRecord rec = VolumeRecord.decode(f, Files.readAllBytes(f));
                    if (!rec.id().value().equals(name)) {
                        throw new VolumeStateException(VolumeStateException.Kind.CORRUPT, f,
                                "record names volume '" + rec.id() + "' but its file is '" + name + "'", null);
                    }
                    r.records.put(rec.id(), rec);
                }
            }
        } catch (IOException e) {
            throw new VolumeStateException(VolumeStateException.Kind.IO, dir, "cannot read the volume records: " + e, e);
        }
        r.checkThinIdsUnique();
        return r;
    }

    private void checkThinIdsUnique() {
        BitSet seen = new BitSet();
        for (VolumeRecord rec : records.values()) {
            if (seen.get(rec.thinId())) {
                throw new VolumeStateException(VolumeStateException.Kind.CORRUPT, dir,
                        "thin id " + rec.thinId() + " is recorded for two volumes", null);
            }
            seen.set(rec.thinId());
        }
    }

    Optional<VolumeRecord> get(VolumeId id) {
        return Optional.ofNullable(records.get(id));
    }

    Map<VolumeId, VolumeRecord> all() {
        return java.util.Collections.unmodifiableMap(records);
    }

    /** Writes {@code rec} durably, replacing any record of the same volume. */
    void put(VolumeRecord rec) {
        DurableFiles.replace(dir.resolve(rec.id().value()), rec.encode());
        records.put(rec.id(), rec);
    }

    /** Deletes the record of {@code id} durably. */
    void remove(VolumeId id) {
        DurableFiles.delete(dir.resolve(id.value()));
        records.remove(id);
    }

    /** The lowest thin id no record holds, or empty when all 2^24 are taken; freed ids are reused. */
    Optional<Integer> freeThinId(BitSet alsoTaken) {
        BitSet taken = (BitSet) alsoTaken.clone();
        records.values().forEach(r -> taken.set(r.thinId()));
        int free = taken.nextClearBit(0);
        return free > VolumeRecord.MAX_THIN_ID ? Optional.empty() : Optional.of(free);
    }
}
