package io.jdm.thin;

import java.nio.file.Path;

/**
 * A failure of the volume set's own state directory (not of the kernel): it is held by another
 * opener, or it could not be read or written durably.
 */
public final class VolumeStateException extends RuntimeException {
    /** What went wrong with the state directory. */
    public enum Kind {
        /** Another {@code VolumeSet} (in this process or another) holds the directory's lock. */
        LOCKED,
        /** Reading, writing, syncing or renaming a file of the state failed. */
        IO,
        /** A file of the state does not hold what this code writes (edited by hand, or another format). */
        CORRUPT
    }

    private static final long serialVersionUID = 1L;
    private final Kind kind;
    private final transient Path path;

    public VolumeStateException(Kind kind, Path path, String message, Throwable cause) {
        super(message + " (" + path + ")", cause);
        this.kind = kind;
        this.path = path;
    }

    public Kind kind() {
        return kind;
    }

    /** The file or directory concerned. */
    public Path path() {
        return path;
    }
}
