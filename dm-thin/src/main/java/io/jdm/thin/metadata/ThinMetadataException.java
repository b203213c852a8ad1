package io.jdm.thin.metadata;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The pool's metadata could not be read as it is, or not safely. Every failure of this package is one of
 * these: a corrupt block never surfaces as an index, arithmetic or stack-overflow error. The message names
 * the metadata block (when one is to blame) and what was wrong with it.
 *
 * <p>Kernel refusals of the messages {@link MetadataReader#openSnapshot} sends stay the
 * {@link io.jdm.api.DeviceMapperException} they are, except the one this package gives a meaning to
 * ({@link Kind#SNAPSHOT_HELD}).
 */
public final class ThinMetadataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that act on it. */
    public enum Kind {
        /** Reading the device failed, or it ends before a block the metadata points at. */
        IO,
        /** Block 0 has no thin superblock magic: not a pool's metadata (or wiped). */
        NOT_A_POOL,
        /** A block's checksum does not match its contents (torn or stale write, bit rot, not that kind of block). */
        CHECKSUM,
        /** The superblock has the magic but a field the reader cannot accept (block number, version, sizes, flags). */
        BAD_SUPERBLOCK,
        /**
         * A btree node is malformed: header fields out of bounds, keys out of order or outside the range its
         * parent gives it, a pointer outside the device, a tree deeper than any real one (a pointer loop).
         */
        BAD_NODE,
        /** The trees disagree with each other or with the pool (a device in one tree only, a data block past the end). */
        INCONSISTENT,
        /** The thin device id asked for is not in the metadata. */
        NO_SUCH_DEVICE,
        /**
         * A live pool already holds a metadata snapshot that this reader did not take (thin_dump -m, another
         * process, or a process that died holding it). It is left alone: never read, never released.
         */
        SNAPSHOT_HELD,
        /**
         * The metadata snapshot this reader took went away (or was replaced) before the reader was done, so
         * what it read may not be one consistent state.
         */
        SNAPSHOT_LOST,
        /** The pool cannot give a metadata snapshot: its status is Fail or Error, or names no held root. */
        POOL_NOT_READABLE,
        /** The device is held open by another device (a live pool): its metadata changes under a plain read. */
        DEVICE_IN_USE,
        /** The device named as the pool's metadata is not the one the pool's table uses. */
        WRONG_DEVICE,
        /**
         * The device holds data that a fresh pool would destroy (a damaged pool's metadata, a filesystem,
         * anything not all zeros and not a pool), and no wipe was asked for.
         */
        HOLDS_DATA
    }

    private final Kind kind;
    private final boolean aboutBlock;
    private final long block;

    private ThinMetadataException(Kind kind, boolean aboutBlock, long block, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.aboutBlock = aboutBlock;
        this.block = block;
    }

    /** A failure about one metadata block; the message starts with the block number. */
    static ThinMetadataException at(Kind kind, long block, String what) {
        return new ThinMetadataException(kind, true, block, "thin metadata block " + Long.toUnsignedString(block) + ": "
                + what, null);
    }

    static ThinMetadataException of(Kind kind, String message) {
        return new ThinMetadataException(kind, false, 0, message, null);
    }

    static ThinMetadataException of(Kind kind, String message, Throwable cause) {
        return new ThinMetadataException(kind, false, 0, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The metadata block the failure is about, if it is about one: an unsigned 64-bit block number as
     * found on disk (a corrupt pointer may be above {@link Long#MAX_VALUE}; print it with
     * {@link Long#toUnsignedString(long)}).
     */
    public OptionalLong block() {
        return aboutBlock ? OptionalLong.of(block) : OptionalLong.empty();
    }
}
