package io.jdm.thin;

import io.jdm.api.InvalidInputException;
import io.jdm.thin.fs.FilesystemId;
import io.jdm.thin.fs.FilesystemType;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the state directory keeps about one volume: its thin id in the pool, the volume it was
 * snapshotted from (none for an empty volume), its virtual size in bytes, its state, and the filesystem
 * the set made on it (or that it inherited from its parent), checked before every mount.
 *
 * <p>Stored as a small {@code key=value} text, one file per volume named by its id, so that an
 * operator can read it and a torn or foreign file is recognised rather than half-trusted.
 */
public record VolumeRecord(VolumeId id, int thinId, Optional<VolumeId> parent, long virtualSize, State state,
                           Optional<FilesystemId> filesystem) {
    /** The largest thin id: dm-thin device ids are 24 bits. */
    public static final int MAX_THIN_ID = (1 << 24) - 1;
    private static final String FORMAT = "jdm-volume 1";

    public enum State {
        /** Created and committed; usable. */
        READY,
        /** Removed by the caller while still open: the thin id is freed by a later retry. */
        DELETE_PENDING
    }

    public VolumeRecord {
        if (id == null || parent == null || state == null || filesystem == null) {
            throw new InvalidInputException("volume record fields must not be null");
        }
        if (thinId < 0 || thinId > MAX_THIN_ID) {
            throw new InvalidInputException("thin id " + thinId + " is outside 0.." + MAX_THIN_ID);
        }
        if (virtualSize <= 0 || virtualSize % 512 != 0) {
            throw new InvalidInputException("virtual size " + virtualSize + " must be a positive multiple of 512 bytes");
        }
        if (parent.isPresent() && parent.get().equals(id)) {
            throw new InvalidInputException("volume " + id + " cannot be its own parent");
        }
    }

    /** A record without a filesystem. */
    public VolumeRecord(VolumeId id, int thinId, Optional<VolumeId> parent, long virtualSize, State state) {
        this(id, thinId, parent, virtualSize, state, Optional.empty());
    }

    public VolumeRecord withState(State newState) {
        return new VolumeRecord(id, thinId, parent, virtualSize, newState, filesystem);
    }

    public VolumeRecord withFilesystem(FilesystemId fs) {
        return new VolumeRecord(id, thinId, parent, virtualSize, state, Optional.of(fs));
    }

    byte[] encode() {
        StringBuilder b = new StringBuilder(FORMAT).append('\n');
        b.append("id=").append(id.value()).append('\n');
        b.append("thin-id=").append(thinId).append('\n');
        b.append("parent=").append(parent.map(VolumeId::value).orElse("")).append('\n');
        b.append("virtual-size=").append(virtualSize).append('\n');
        b.append("state=").append(state.name()).append('\n');
        b.append("filesystem=").append(filesystem.map(f -> f.type().name() + " " + f.uuid()).orElse("")).append('\n');
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Parses what {@link #encode()} wrote; anything else is {@link VolumeStateException.Kind#CORRUPT}. */
    static VolumeRecord decode(java.nio.file.Path file, byte[] bytes) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String[] lines = text.split("\n", -1);
        if (lines.length != 8 || !lines[0].equals(FORMAT) || !lines[7].isEmpty()) {
            throw corrupt(file, "not a jdm volume record");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < 7; i++) {
            int eq = lines[i].indexOf('=');
            if (eq <= 0 || fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1)) != null) {
                throw corrupt(file, "line " + (i + 1) + " is not a single key=value");
            }
        }
        try {
            String parent = require(file, fields, "parent");
            String fs = require(file, fields, "filesystem");
            Optional<FilesystemId> filesystem = Optional.empty();
            if (!fs.isEmpty()) {
                String[] parts = fs.split(" ", -1);
                if (parts.length != 2) {
                    throw corrupt(file, "filesystem '" + fs + "' is not '<type> <uuid>'");
                }
                filesystem = Optional.of(new FilesystemId(FilesystemType.valueOf(parts[0]), java.util.UUID.fromString(parts[1])));
            }
            return new VolumeRecord(
                    VolumeId.of(require(file, fields, "id")),
                    Integer.parseInt(require(file, fields, "thin-id")),
                    parent.isEmpty() ? Optional.empty() : Optional.of(VolumeId.of(parent)),
                    Long.parseLong(require(file, fields, "virtual-size")),
                    State.valueOf(require(file, fields, "state")),
                    filesystem);
        } catch (IllegalArgumentException | InvalidInputException e) {
            // NumberFormatException and an unknown State are IllegalArgumentExceptions
            throw corrupt(file, e.getMessage());
        }
    }

    private static String require(java.nio.file.Path file, Map<String, String> fields, String key) {
        String v = fields.get(key);
        if (v == null) {
            throw corrupt(file, "no '" + key + "'");
        }
        return v;
    }

    private static VolumeStateException corrupt(java.nio.file.Path file, String why) {
        return new VolumeStateException(VolumeStateException.Kind.CORRUPT, file, "corrupt volume record: " + why, null);
    }
}
