package io.jdm.thin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that survive a crash or power loss as all or nothing: a new file's bytes are written to a
 * temporary sibling and fsynced, renamed over the target (atomic within one directory), and the
 * directory is fsynced so that the rename itself is on disk before the caller goes on.
 */
final class DurableFiles {
    /** Prefix of the temporaries; a volume id cannot start with '.', so they never collide with a record. */
    static final String TEMP_PREFIX = ".tmp-";

    private DurableFiles() {
    }

    /** Replaces {@code target} by {@code bytes}, durably; a crash leaves either the old or the new content. */
    static void replace(Path target, byte[] bytes) {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = dir.resolve(TEMP_PREFIX + target.getFileName());
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(dir);
        } catch (AtomicMoveNotSupportedException e) {
            throw new VolumeStateException(VolumeStateException.Kind.IO, target,
                    "the state directory's file system cannot rename atomically", e);
        } catch (IOException e) {
            throw new VolumeStateException(VolumeStateException.Kind.IO, target, "cannot write durably: " + e, e);
        }
    }

    /** Deletes {@code target} if it exists, durably. */
    static void delete(Path target) {
        try {
            if (Files.deleteIfExists(target)) {
                syncDirectory(target.toAbsolutePath().getParent());
            }
        } catch (IOException e) {
            throw new VolumeStateException(VolumeStateException.Kind.IO, target, "cannot delete durably: " + e, e);
        }
    }

    /** Fsyncs a directory, which makes creates, renames and deletes in it durable (Linux allows opening one read-only). */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
