package io.jdm.thin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VolumeRecordsTest {

    private static VolumeRecord rec(String id, int thin) {
        return new VolumeRecord(VolumeId.of(id), thin, Optional.empty(), 1 << 20, VolumeRecord.State.READY);
    }

    @Test
    void changesSurviveReload(@TempDir Path dir) {
        VolumeRecords r = VolumeRecords.load(dir);
        r.put(rec("a", 0));
        r.put(rec("b", 1));
        r.put(rec("b", 1).withState(VolumeRecord.State.DELETE_PENDING));
        r.remove(VolumeId.of("a"));
        VolumeRecords again = VolumeRecords.load(dir);
        assertEquals(r.all(), again.all());
        assertEquals(VolumeRecord.State.DELETE_PENDING, again.get(VolumeId.of("b")).orElseThrow().state());
        assertFalse(again.get(VolumeId.of("a")).isPresent());
    }

    @Test
    void freedThinIdsAreReusedLowestFirst(@TempDir Path dir) {
        VolumeRecords r = VolumeRecords.load(dir);
        r.put(rec("a", 0));
        r.put(rec("b", 1));
        r.put(rec("c", 2));
        r.remove(VolumeId.of("b"));
        assertEquals(Optional.of(1), r.freeThinId(new BitSet()));
        BitSet inFlight = new BitSet();
        inFlight.set(1);
        assertEquals(Optional.of(3), r.freeThinId(inFlight));
    }

    @Test
    void leftoverTemporaryOfACrashedWriteIsDropped(@TempDir Path dir) throws IOException {
        VolumeRecords.load(dir).put(rec("a", 0));
        Path temp = dir.resolve(VolumeRecords.DIR).resolve(DurableFiles.TEMP_PREFIX + "a");
        Files.writeString(temp, "half a rec");
        VolumeRecords r = VolumeRecords.load(dir);
        assertEquals(rec("a", 0), r.get(VolumeId.of("a")).orElseThrow());
        assertFalse(Files.exists(temp));
    }

    @Test
    void aRecordUnderAnotherNameOrADuplicateThinIdIsCorrupt(@TempDir Path dir) throws IOException {
        VolumeRecords.load(dir).put(rec("a", 0));
        Path vols = dir.resolve(VolumeRecords.DIR);
        Files.copy(vols.resolve("a"), vols.resolve("b"));
        assertEquals(VolumeStateException.Kind.CORRUPT,
                assertThrows(VolumeStateException.class, () -> VolumeRecords.load(dir)).kind());
        Files.write(vols.resolve("b"), rec("b", 0).encode());
        assertEquals(VolumeStateException.Kind.CORRUPT,
                assertThrows(VolumeStateException.class, () -> VolumeRecords.load(dir)).kind());
    }
}
