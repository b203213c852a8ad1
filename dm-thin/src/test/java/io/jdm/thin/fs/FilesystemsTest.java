package io.jdm.thin.fs;

import io.jdm.api.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Filesystems on image files (mkfs works on a regular file without devices or root), with blkid as the
 * oracle of the UUID. Both mkfs programs are required: tools/vm/prepare.sh installs them.
 */
class FilesystemsTest {
    private static final long MIB = 1 << 20;

    private static Path image(Path dir, String name, long bytes) throws IOException {
        Path p = dir.resolve(name);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(bytes);
        }
        return p;
    }

    @Test
    void ext4OnAnImageHasTheUuidBlkidReadsAndStaysSparse(@TempDir Path dir) throws Exception {
        Path img = image(dir, "ext4.img", 512 * MIB);
        UUID uuid = Filesystems.make(img, FilesystemType.EXT4);
        assertEquals(Tools.blkid(img, "UUID"), uuid.toString());
        assertEquals("ext4", Tools.blkid(img, "TYPE"));
        assertEquals(Optional.of(new FilesystemId(FilesystemType.EXT4, uuid)), Filesystems.identify(img));
        assertEquals(Optional.of(uuid), Filesystems.uuid(img));
        // neither inode tables nor journal written ahead (a plain mkfs.ext4 writes ~16 MiB here)
        long allocated = Tools.allocatedBytes(img);
        assertTrue(allocated < 4 * MIB, "allocated " + allocated + " bytes");

        UUID again = Filesystems.make(img, FilesystemType.EXT4);
        assertNotEquals(uuid, again, "a new filesystem, a new UUID");
        assertEquals(Tools.blkid(img, "UUID"), again.toString());
    }

    @Test
    void xfsOnAnImageHasTheUuidBlkidReadsAndExt4OverItReplacesIt(@TempDir Path dir) throws Exception {
        assertTrue(Filesystems.findProgram(FilesystemType.XFS).isPresent(),
                "mkfs.xfs is missing: run tools/vm/prepare.sh (installs xfsprogs)");
        Path img = image(dir, "xfs.img", 320 * MIB); // mkfs.xfs refuses less than 300 MB
        UUID uuid = Filesystems.make(img, FilesystemType.XFS);
        assertEquals(Tools.blkid(img, "UUID"), uuid.toString());
        assertEquals("xfs", Tools.blkid(img, "TYPE"));
        assertEquals(Optional.of(new FilesystemId(FilesystemType.XFS, uuid)), Filesystems.identify(img));

        UUID ext4 = Filesystems.make(img, FilesystemType.EXT4);
        assertEquals(Optional.of(new FilesystemId(FilesystemType.EXT4, ext4)), Filesystems.identify(img));
        UUID xfs = Filesystems.make(img, FilesystemType.XFS);
        assertEquals(Optional.of(new FilesystemId(FilesystemType.XFS, xfs)), Filesystems.identify(img));
    }

    @Test
    void aFailingMkfsIsReportedWithItsOutput(@TempDir Path dir) throws Exception {
        Path img = image(dir, "small.img", 64 * MIB);
        FilesystemException e = assertThrows(FilesystemException.class, () -> Filesystems.make(img, FilesystemType.XFS));
        assertEquals(FilesystemException.Kind.PROGRAM_FAILED, e.kind());
        assertEquals(Optional.of("mkfs.xfs"), e.program());
        assertTrue(e.exitCode().isPresent() && e.exitCode().getAsInt() != 0);
        assertTrue(e.output().contains("300MB") && e.getMessage().contains("300MB")
                && e.getMessage().contains(img.toString()), e.getMessage());
    }

    @Test
    void zerosGarbageAndShortFilesHoldNothing(@TempDir Path dir) throws IOException {
        assertEquals(Optional.empty(), Filesystems.identify(image(dir, "zeros.img", MIB)));
        assertEquals(Optional.empty(), Filesystems.identify(image(dir, "short.img", 100)));
        assertEquals(Optional.empty(), Filesystems.identify(image(dir, "empty.img", 0)));
        Path text = Files.writeString(dir.resolve("text"), "XFSB and then some text".repeat(200));
        assertEquals(Optional.empty(), Filesystems.identify(text), "XFSB with no sane block size is not xfs");
    }

    @Test
    void handMadeSuperblocksAreReadAtTheirOffsets(@TempDir Path dir) throws IOException {
        UUID u = UUID.fromString("01234567-89ab-cdef-0011-223344556677");
        byte[] uuidBytes = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                .putLong(u.getLeastSignificantBits()).array();

        ByteBuffer ext = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        ext.putShort(1024 + 56, (short) 0xEF53).put(1024 + 104, uuidBytes);
        Path extImg = Files.write(dir.resolve("ext"), ext.array());
        assertEquals(Optional.of(new FilesystemId(FilesystemType.EXT4, u)), Filesystems.identify(extImg));

        ext.putInt(1024 + 0x60, 0x8); // INCOMPAT_JOURNAL_DEV: an external journal, not a filesystem
        Path journal = Files.write(dir.resolve("journal"), ext.array());
        assertEquals(Optional.empty(), Filesystems.identify(journal));

        ByteBuffer xfs = ByteBuffer.allocate(4096).order(ByteOrder.BIG_ENDIAN);
        xfs.put(0, "XFSB".getBytes(StandardCharsets.US_ASCII)).putInt(4, 4096).put(32, uuidBytes);
        Path xfsImg = Files.write(dir.resolve("xfs"), xfs.array());
        assertEquals(Optional.of(new FilesystemId(FilesystemType.XFS, u)), Filesystems.identify(xfsImg));

        xfs.put(1024 + 56, (byte) 0x53).put(1024 + 57, (byte) 0xEF); // little-endian 0xEF53
        Path both = Files.write(dir.resolve("both"), xfs.array());
        FilesystemException e = assertThrows(FilesystemException.class, () -> Filesystems.identify(both));
        assertEquals(FilesystemException.Kind.AMBIGUOUS, e.kind());
        assertTrue(e.getMessage().contains(u.toString()), e.getMessage());
    }

    @Test
    void badInputIsRefusedBeforeAnyProgramRuns(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("nope");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Filesystems.make(missing, FilesystemType.EXT4));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Filesystems.make(dir, FilesystemType.EXT4));
        assertThrows(InvalidInputException.class, () -> Filesystems.identify(dir));
        Path img = image(dir, "img", MIB);
        assertThrows(InvalidInputException.class, () -> Filesystems.make(img, FilesystemType.EXT4, Duration.ZERO));
        assertEquals(Optional.empty(), Filesystems.identify(img), "nothing ran");
    }

    @Test
    void programsAreFoundInPathThenTheSbinDirectories(@TempDir Path dir) throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Path sbin = Files.createDirectory(dir.resolve("sbin"));
        Path inB = executable(b.resolve("mkfs.test"));
        Path inSbin = executable(sbin.resolve("mkfs.test"));
        Files.writeString(a.resolve("mkfs.test"), "not executable");
        String path = a + ":" + b;
        assertEquals(Optional.of(inB), Filesystems.findProgram("mkfs.test", path, List.of(sbin)));
        assertEquals(Optional.of(inSbin), Filesystems.findProgram("mkfs.test", a.toString(), List.of(sbin)));
        assertEquals(Optional.of(inSbin), Filesystems.findProgram("mkfs.test", null, List.of(sbin)));
        assertEquals(Optional.empty(), Filesystems.findProgram("mkfs.test", a.toString(), List.of()));
    }

    @Test
    void aMissingProgramNamesItAndItsPackage() {
        FilesystemException e = Filesystems.programMissing(Path.of("/dev/mapper/v"), FilesystemType.XFS);
        assertEquals(FilesystemException.Kind.PROGRAM_MISSING, e.kind());
        assertEquals(Optional.of("mkfs.xfs"), e.program());
        assertTrue(e.getMessage().contains("mkfs.xfs") && e.getMessage().contains("xfsprogs")
                && e.getMessage().contains("/dev/mapper/v"), e.getMessage());
        assertEquals("e2fsprogs", FilesystemType.EXT4.debianPackage());
        assertEquals("mkfs.ext4", FilesystemType.EXT4.mkfsProgram());
        assertEquals("ext4", FilesystemType.EXT4.mountType());
    }

    @Test
    void aSlowProgramIsKilledAtTheTimeoutAndAFailingOneReportsItsExitCode() {
        Path dev = Path.of("/dev/null");
        long start = System.nanoTime();
        FilesystemException slow = assertThrows(FilesystemException.class, () -> Filesystems.run(
                List.of("/bin/sh", "-c", "echo started; exec sleep 30"), dev, Duration.ofMillis(300)));
        assertEquals(FilesystemException.Kind.TIMED_OUT, slow.kind());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(15).toNanos(), "killed, not waited for");
        assertTrue(slow.getMessage().contains("started"), slow.getMessage());

        FilesystemException failed = assertThrows(FilesystemException.class, () -> Filesystems.run(
                List.of("/bin/sh", "-c", "echo oops >&2; exit 3"), dev, Duration.ofSeconds(30)));
        assertEquals(FilesystemException.Kind.PROGRAM_FAILED, failed.kind());
        assertEquals(3, failed.exitCode().getAsInt());
        assertEquals("oops", failed.output());
    }

    private static Path executable(Path p) throws IOException {
        Files.writeString(p, "#!/bin/sh\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }
}
