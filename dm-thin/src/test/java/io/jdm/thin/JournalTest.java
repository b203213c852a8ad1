package io.jdm.thin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static io.jdm.thin.Intent.Action.COMMIT_AND_FORGET;
import static io.jdm.thin.Intent.Action.DELETE_THIN;
import static io.jdm.thin.Intent.Action.DISCARD;
import static io.jdm.thin.Intent.Action.ROLL_FORWARD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JournalTest {
    private static final VolumeRecord VOL = new VolumeRecord(VolumeId.of("v"), 5, Optional.of(VolumeId.of("base")),
            1 << 20, VolumeRecord.State.READY);

    private static Intent intent(Intent.Operation op) {
        return new Intent(41, op, 5, VOL);
    }

    @Test
    void roundTripsAndACommitEndsTheIntent(@TempDir Path dir) {
        Journal j = new Journal(dir);
        assertEquals(Optional.empty(), j.read());
        j.write(intent(Intent.Operation.SNAPSHOT));
        assertEquals(Optional.of(intent(Intent.Operation.SNAPSHOT)), new Journal(dir).read());
        j.commit(42);
        assertEquals(Optional.empty(), j.read());
        assertEquals(java.util.OptionalLong.of(42), new Journal(dir).committedTxid());
    }

    @Test
    void aTornIntentIsCorrupt(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(Journal.FILE), "jdm-intent 1\n41\nCREATE\n");
        assertEquals(VolumeStateException.Kind.CORRUPT,
                assertThrows(VolumeStateException.class, () -> new Journal(dir).read()).kind());
    }

    @Test
    void committedChangesRollForward() {
        for (Intent.Operation op : Intent.Operation.values()) {
            assertEquals(ROLL_FORWARD, intent(op).recover(42, true));
            assertEquals(ROLL_FORWARD, intent(op).recover(42, false));
        }
    }

    @Test
    void uncommittedCreateOrSnapshotDeletesTheThinItMade() {
        assertEquals(DELETE_THIN, intent(Intent.Operation.CREATE).recover(41, true));
        assertEquals(DELETE_THIN, intent(Intent.Operation.SNAPSHOT).recover(41, true));
        assertEquals(DISCARD, intent(Intent.Operation.CREATE).recover(41, false));
        assertEquals(DISCARD, intent(Intent.Operation.SNAPSHOT).recover(41, false));
    }

    @Test
    void uncommittedDeleteFinishesWhenTheThinIsGoneAndOtherwiseIsDropped() {
        assertEquals(COMMIT_AND_FORGET, intent(Intent.Operation.DELETE).recover(41, false));
        assertEquals(DISCARD, intent(Intent.Operation.DELETE).recover(41, true));
    }

    @Test
    void aForeignTransactionIdIsRefusedNotGuessed() {
        assertEquals(VolumeStateException.Kind.CORRUPT,
                assertThrows(VolumeStateException.class, () -> intent(Intent.Operation.CREATE).recover(40, true)).kind());
        assertEquals(VolumeStateException.Kind.CORRUPT,
                assertThrows(VolumeStateException.class, () -> intent(Intent.Operation.DELETE).recover(43, false)).kind());
    }
}
