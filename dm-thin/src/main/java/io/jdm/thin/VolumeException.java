package io.jdm.thin;

import java.util.Optional;

/**
 * A volume operation refused because of the state of the volumes or of the pool (not because of bad
 * arguments, which are {@link io.jdm.api.InvalidInputException}s). When it is thrown, nothing was
 * changed: neither the state directory nor the pool.
 */
public final class VolumeException extends RuntimeException {
    /** Why the operation was refused. */
    public enum Kind {
        /** No volume of that id (or it is being deleted). */
        NOT_FOUND,
        /** A volume of that id exists already. */
        EXISTS,
        /** The pool's free data or metadata space is below the set's minimum. */
        NO_SPACE,
        /** The pool is not writable (read-only, failed, needs_check): thin devices cannot be created. */
        POOL_NOT_WRITABLE,
        /** The pool stayed suspended by someone else for longer than the set waits: no thin device can be activated. */
        POOL_SUSPENDED,
        /** The volume is in use (mounted by this set, or open) in a way the operation cannot proceed. */
        BUSY,
        /** The volume is not mounted by this set, as the operation needs. */
        NOT_ACTIVE,
        /** The volume has no filesystem recorded (make one with {@link VolumeSet#makeFilesystem}). */
        NO_FILESYSTEM,
        /** All 2^24 thin ids are taken. */
        NO_THIN_ID,
        /** The set was closed. */
        CLOSED
    }

    private static final long serialVersionUID = 1L;
    private final Kind kind;
    private final transient VolumeId volume;

    public VolumeException(Kind kind, VolumeId volume, String message) {
        this(kind, volume, message, null);
    }

    public VolumeException(Kind kind, VolumeId volume, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.volume = volume;
    }

    public Kind kind() {
        return kind;
    }

    /** The volume the operation was about, if it was about one. */
    public Optional<VolumeId> volume() {
        return Optional.ofNullable(volume);
    }
}
