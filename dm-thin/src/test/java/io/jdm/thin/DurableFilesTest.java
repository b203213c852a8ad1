package io.jdm.thin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurableFilesTest {

    @Test
    void replaceWritesNewContentAndLeavesNoTemporary(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("vol");
        DurableFiles.replace(f, "one".getBytes(StandardCharsets.UTF_8));
        DurableFiles.replace(f, "two".getBytes(StandardCharsets.UTF_8));
        assertEquals("two", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void deleteRemovesAndToleratesMissing(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("vol");
        DurableFiles.replace(f, new byte[] {1});
        DurableFiles.delete(f);
        assertFalse(Files.exists(f));
        DurableFiles.delete(f);
        assertFalse(Files.exists(f));
    }

    @Test
    void failureIsTypedAndNamesTheFile(@TempDir Path dir) {
        Path f = dir.resolve("missing-dir").resolve("vol");
        VolumeStateException e = assertThrows(VolumeStateException.class, () -> DurableFiles.replace(f, new byte[] {1}));
        assertEquals(VolumeStateException.Kind.IO, e.kind());
        assertEquals(f, e.path());
    }

    @Test
    void secondOpenerInThisProcessIsRefusedUntilTheFirstCloses(@TempDir Path dir) {
        try (StateLock first = StateLock.acquire(dir)) {
            VolumeStateException e = assertThrows(VolumeStateException.class, () -> StateLock.acquire(dir));
            assertEquals(VolumeStateException.Kind.LOCKED, e.kind());
        }
        StateLock.acquire(dir).close();
    }
}
