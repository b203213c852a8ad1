package io.jdm.thin;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one-opener rule of a state directory: an exclusive lock on its {@code .lock} file. The kernel
 * drops the lock when the process dies, so a crash never leaves the directory locked. A second opener
 * in another process fails the lock; one in this JVM fails with an overlapping lock; both are
 * {@link VolumeStateException.Kind#LOCKED}.
 */
final class StateLock implements AutoCloseable {
    static final String FILE = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(Path stateDir) {
        Path file = stateDir.resolve(FILE);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new VolumeStateException(VolumeStateException.Kind.IO, file, "cannot open the lock file: " + e, e);
        }
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new VolumeStateException(VolumeStateException.Kind.LOCKED, stateDir,
                        "the volume state directory is held by another process", null);
            }
            return new StateLock(ch, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(ch);
            throw new VolumeStateException(VolumeStateException.Kind.LOCKED, stateDir,
                    "the volume state directory is already open in this process", e);
        } catch (IOException e) {
            closeQuietly(ch);
            throw new VolumeStateException(VolumeStateException.Kind.IO, file, "cannot lock: " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // the lock was not taken; nothing depends on this close
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new VolumeStateException(VolumeStateException.Kind.IO, Path.of(FILE), "cannot release the lock: " + e, e);
        }
    }
}
