package io.jdm.thin;

import io.jdm.api.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VolumeRecordTest {
    private static final Path FILE = Path.of("state/v");

    @Test
    void roundTripsWithAndWithoutParent() {
        VolumeRecord base = new VolumeRecord(VolumeId.of("base"), 0, Optional.empty(), 1 << 20, VolumeRecord.State.READY);
        VolumeRecord snap = new VolumeRecord(VolumeId.of("snap"), VolumeRecord.MAX_THIN_ID, Optional.of(VolumeId.of("base")),
                1L << 40, VolumeRecord.State.DELETE_PENDING);
        assertEquals(base, VolumeRecord.decode(FILE, base.encode()));
        assertEquals(snap, VolumeRecord.decode(FILE, snap.encode()));
        VolumeRecord withFs = base.withFilesystem(new io.jdm.thin.fs.FilesystemId(io.jdm.thin.fs.FilesystemType.XFS,
                java.util.UUID.fromString("0b5e6a9e-4b1c-4f0e-9d55-2f8f6c1d2e3a")));
        assertEquals(withFs, VolumeRecord.decode(FILE, withFs.encode()));
        assertEquals(true, new String(withFs.encode(), StandardCharsets.US_ASCII)
                .contains("\nfilesystem=XFS 0b5e6a9e-4b1c-4f0e-9d55-2f8f6c1d2e3a\n"));
    }

    @Test
    void refusesImpossibleValues() {
        assertThrows(InvalidInputException.class,
                () -> new VolumeRecord(VolumeId.of("a"), 1 << 24, Optional.empty(), 512, VolumeRecord.State.READY));
        assertThrows(InvalidInputException.class,
                () -> new VolumeRecord(VolumeId.of("a"), -1, Optional.empty(), 512, VolumeRecord.State.READY));
        assertThrows(InvalidInputException.class,
                () -> new VolumeRecord(VolumeId.of("a"), 1, Optional.empty(), 0, VolumeRecord.State.READY));
        assertThrows(InvalidInputException.class,
                () -> new VolumeRecord(VolumeId.of("a"), 1, Optional.empty(), 513, VolumeRecord.State.READY));
        assertThrows(InvalidInputException.class,
                () -> new VolumeRecord(VolumeId.of("a"), 1, Optional.of(VolumeId.of("a")), 512, VolumeRecord.State.READY));
    }

    @Test
    void tornOrForeignFilesAreCorruptNotHalfTrusted() {
        String good = new String(new VolumeRecord(VolumeId.of("a"), 7, Optional.empty(), 4096, VolumeRecord.State.READY)
                .encode(), StandardCharsets.US_ASCII);
        for (String bad : new String[] {"", good.substring(0, good.length() - 3), good.replace("thin-id=7", "thin-id=x"),
                good.replace("state=READY", "state=GONE"), good.replace("id=a", "id=a/b"), good + "extra=1\n",
                good.replace("jdm-volume 1", "jdm-volume 2"), good.replace("virtual-size=4096", "size=4096"),
                good.replace("filesystem=", "filesystem=EXT4"), good.replace("filesystem=", "filesystem=NTFS 0b5e6a9e-4b1c-4f0e-9d55-2f8f6c1d2e3a"),
                good.replace("filesystem=", "filesystem=EXT4 not-a-uuid")}) {
            VolumeStateException e = assertThrows(VolumeStateException.class,
                    () -> VolumeRecord.decode(FILE, bad.getBytes(StandardCharsets.US_ASCII)), bad);
            assertEquals(VolumeStateException.Kind.CORRUPT, e.kind());
        }
    }
}
